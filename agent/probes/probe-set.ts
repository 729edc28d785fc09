// The probes one platform provides: one per part of Facts, keyed by that part's name. A part a
// platform does not provide is reported as unsupported, never as "nothing found".
import type { Facts } from '../../shared/schema/facts.js';
import type { Probe } from './run-probe.js';

export type FactParts = Omit<Facts, 'schemaVersion' | 'collectedAt' | 'platform' | 'probes'>;
export type FactPart = keyof FactParts;
export type ProbeSet = { [K in FactPart]?: Probe<FactParts[K]> };

/** Every part, in the order probes are listed in `facts.probes`, with its empty value. */
export const FACT_PARTS: { readonly [K in FactPart]: () => FactParts[K] } = {
  host: () => ({ hostname: '', osRelease: '', arch: 'unknown' }),
  processes: () => [],
  interfaces: () => [],
  routes: () => [],
  neighbours: () => [],
  connections: () => [],
  usbDevices: () => [],
  displays: () => [],
  hidDevices: () => [],
  storageDevices: () => [],
  installedApps: () => [],
  services: () => [],
  proxies: () => [],
  dnsServers: () => [],
  wifi: () => [],
  rtt: () => [],
  power: () => ({}),
  lanPeers: () => [],
};
