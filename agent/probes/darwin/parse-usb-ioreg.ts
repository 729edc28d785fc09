// `ioreg -a -r -d 1 -c IOUSBHostDevice`: USB devices with their own descriptor strings. Used when
// system_profiler lists none (macOS 26 moved USB to SPUSBHostDataType, whose JSON shape this
// agent does not parse yet).
import type { UsbDeviceFact } from '../../../shared/schema/facts.js';
import { clipOptional } from '../util/text.js';
import { hex2, hex4, locationHex } from './ioreg-location.js';
import { ioregEntries, plistNumber, plistString } from './plist.js';

export const IOREG_USB_DEVICES = ['ioreg', ['-a', '-r', '-d', '1', '-c', 'IOUSBHostDevice']] as const;

export function parseIoregUsbDevices(xml: string): UsbDeviceFact[] {
  const devices: UsbDeviceFact[] = [];
  for (const entry of ioregEntries(xml)) {
    const vendorId = hex4(plistNumber(entry.idVendor));
    const productId = hex4(plistNumber(entry.idProduct));
    if (vendorId === undefined || productId === undefined) continue;
    devices.push({
      location: locationHex(plistNumber(entry.locationID)),
      vendorId,
      productId,
      manufacturer: clipOptional(plistString(entry['USB Vendor Name']), 255),
      product: clipOptional(plistString(entry['USB Product Name']), 255),
      serial: clipOptional(plistString(entry['USB Serial Number']), 255),
      bcdDevice: hex4(plistNumber(entry.bcdDevice)),
      deviceClass: hex2(plistNumber(entry.bDeviceClass)),
      interfaces: [],
    });
    if (devices.length === 1_024) break;
  }
  return devices;
}
