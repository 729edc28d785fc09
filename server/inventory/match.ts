// Which inventory record a device belongs to: by serial first, then by hostname, both
// case-insensitive. Pure, so both stores match the same way.
import type { InventoryRecord } from './record.js';

export interface DeviceIdentity {
  serial: string | null;
  hostname: string;
}

export function matchInventory(device: DeviceIdentity, records: readonly InventoryRecord[]): InventoryRecord | null {
  const serial = device.serial?.trim().toLowerCase();
  if (serial) {
    const bySerial = records.find((r) => r.serial?.toLowerCase() === serial);
    if (bySerial) return bySerial;
  }
  const hostname = device.hostname.trim().toLowerCase();
  // A record keyed by another serial does not claim a device by hostname alone when the device
  // reports a different serial: the serial is the stronger identity.
  const candidates = records.filter((r) => r.hostname?.toLowerCase() === hostname && (!r.serial || !serial));
  return candidates.sort((a, b) => (a.serial ? 1 : 0) - (b.serial ? 1 : 0))[0] ?? null;
}

/** Lower-case serials and hostnames of devices, for fetching the candidate records in one query. */
export function lookupKeys(devices: readonly DeviceIdentity[]): { serials: string[]; hostnames: string[] } {
  const serials = new Set<string>();
  const hostnames = new Set<string>();
  for (const d of devices) {
    if (d.serial?.trim()) serials.add(d.serial.trim().toLowerCase());
    hostnames.add(d.hostname.trim().toLowerCase());
  }
  return { serials: [...serials], hostnames: [...hostnames] };
}
