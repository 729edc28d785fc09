// `ioreg -a -r -d 1 -c IOUSBHostInterface`: one dict per USB interface with its class triple and
// the locationID of its device, which joins system_profiler's location_id.
import type { UsbDeviceFact, UsbInterfaceFact } from '../../../shared/schema/facts.js';
import { hex2, locationHex } from './ioreg-location.js';
import { ioregEntries, plistNumber } from './plist.js';

export function parseIoregUsbInterfaces(xml: string): Map<string, UsbInterfaceFact[]> {
  const byDevice = new Map<string, { number: number; fact: UsbInterfaceFact }[]>();
  for (const entry of ioregEntries(xml)) {
    const location = locationHex(plistNumber(entry.locationID));
    const cls = hex2(plistNumber(entry.bInterfaceClass));
    const subclass = hex2(plistNumber(entry.bInterfaceSubClass));
    const protocol = hex2(plistNumber(entry.bInterfaceProtocol));
    if (location === undefined || cls === undefined || subclass === undefined || protocol === undefined) continue;
    const list = byDevice.get(location) ?? [];
    list.push({ number: plistNumber(entry.bInterfaceNumber) ?? list.length, fact: { class: cls, subclass, protocol } });
    byDevice.set(location, list);
  }
  return new Map([...byDevice].map(([location, list]) => [location, list.sort((a, b) => a.number - b.number).map((i) => i.fact).slice(0, 64)]));
}

/** Devices with their interfaces filled in from ioreg, matched by location id. */
export function withInterfaces(devices: UsbDeviceFact[], interfaces: Map<string, UsbInterfaceFact[]>): UsbDeviceFact[] {
  return devices.map((d) => {
    const found = d.location === undefined ? undefined : interfaces.get(d.location.toLowerCase());
    return found && d.interfaces.length === 0 ? { ...d, interfaces: found } : d;
  });
}
