// Builds valid Facts for detection tests: an empty laptop plus whatever the test adds. Every
// result goes through Facts.parse, so a test cannot pass on facts a probe could never produce.
import { DEFAULT_POLICY, Facts, Policy } from '../../../shared/index.js';
import type { PolicyInput, ProcessFact, UsbDeviceFact, UsbInterfaceFact } from '../../../shared/index.js';

type FactsInput = Partial<Omit<Facts, 'schemaVersion'>>;

export function buildFacts(extra: FactsInput = {}): Facts {
  return Facts.parse({
    schemaVersion: 1,
    collectedAt: '2026-01-15T10:00:00.000Z',
    platform: 'linux',
    host: { hostname: 'laptop-01', osRelease: 'test', arch: 'x64' },
    processes: [],
    interfaces: [],
    routes: [],
    neighbours: [],
    connections: [],
    usbDevices: [],
    displays: [],
    probes: [],
    ...extra,
  });
}

export const policy = (input: Omit<PolicyInput, 'schemaVersion'> = {}): Policy => Policy.parse({ schemaVersion: 1, ...input });
export { DEFAULT_POLICY };

let nextPid = 1000;
export const proc = (name: string, extra: Partial<ProcessFact> = {}): ProcessFact => ({ pid: nextPid++, name, ...extra });

/** `iface('03/01/01')` -> a USB interface. */
export function iface(code: string, driver?: string): UsbInterfaceFact {
  const [cls, subclass, protocol] = code.split('/') as [string, string, string];
  return { class: cls, subclass, protocol, ...(driver ? { driver } : {}) };
}

export function usb(vendorProduct: string, extra: Partial<Omit<UsbDeviceFact, 'interfaces'>> & { interfaces?: string[] } = {}): UsbDeviceFact {
  const [vendorId, productId] = vendorProduct.split(':') as [string, string];
  const { interfaces = [], ...rest } = extra;
  return { vendorId, productId, interfaces: interfaces.map((c) => iface(c)), ...rest };
}
