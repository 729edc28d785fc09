// The probes one platform provides, one per part of Facts.
import type {
  ConnectionFact, DisplayFact, HostFacts, InterfaceFact, NeighbourFact, ProcessFact, RouteFact, UsbDeviceFact,
} from '../../shared/schema/facts.js';
import type { Probe } from './run-probe.js';

export interface ProbeSet {
  host: Probe<HostFacts>;
  processes: Probe<ProcessFact[]>;
  interfaces: Probe<InterfaceFact[]>;
  routes: Probe<RouteFact[]>;
  neighbours: Probe<NeighbourFact[]>;
  connections: Probe<ConnectionFact[]>;
  usb: Probe<UsbDeviceFact[]>;
  displays: Probe<DisplayFact[]>;
}

/** For a part a platform does not collect yet: reported as a failed probe, never as "nothing found". */
export function notCollected(part: string, platform: string): Probe<never> {
  return () => Promise.reject(new Error(`${part} not collected on ${platform} yet`));
}
