// `ioreg -a -r -d 1 -c IOHIDDevice`: HID devices with their report descriptor (data -> hex),
// primary usage and usage pairs. USB ones carry the LocationID of their USB device.
import type { HidDeviceFact } from '../../../shared/schema/facts.js';
import { clipOptional } from '../util/text.js';
import { hex4, locationHex } from './ioreg-location.js';
import { asList, ioregEntries, isDict, plistNumber, plistString } from './plist.js';

const MAX_DESCRIPTOR_BYTES = 8_192;

export function parseIoregHid(xml: string): HidDeviceFact[] {
  const facts: HidDeviceFact[] = [];
  for (const entry of ioregEntries(xml)) {
    const descriptor = entry.ReportDescriptor;
    const usages: { page: number; usage: number }[] = [];
    const add = (page: number | undefined, usage: number | undefined): void => {
      if (page === undefined || usage === undefined || page > 0xffff || usage > 0xffff || page < 0 || usage < 0) return;
      if (!usages.some((u) => u.page === page && u.usage === usage)) usages.push({ page, usage });
    };
    add(plistNumber(entry.PrimaryUsagePage), plistNumber(entry.PrimaryUsage));
    for (const pair of asList(entry.DeviceUsagePairs).filter(isDict)) add(plistNumber(pair.DeviceUsagePage), plistNumber(pair.DeviceUsage));
    const usb = plistString(entry.Transport) === 'USB';
    const name = plistString(entry.Product);
    facts.push({
      usbLocation: usb ? locationHex(plistNumber(entry.LocationID)) : undefined,
      vendorId: hex4(plistNumber(entry.VendorID)),
      productId: hex4(plistNumber(entry.ProductID)),
      name: clipOptional(name, 255),
      reportDescriptorHex: Buffer.isBuffer(descriptor) && descriptor.length > 0 && descriptor.length <= MAX_DESCRIPTOR_BYTES ? descriptor.toString('hex') : undefined,
      usages: usages.length > 0 ? usages.slice(0, 32) : undefined,
    });
    if (facts.length === 256) break;
  }
  return facts;
}
