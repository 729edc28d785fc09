// Pure parser of `system_profiler SPUSBDataType -json`. Every value there is a string:
// vendor_id `0x1d6b` or `0x05c6  (Qualcomm, Inc)` (the name in brackets is Apple's lookup and is
// dropped) or `apple_vendor_id`; bcd_device `1.00`; _name is the device's product string.
// The output lists no interfaces, so `interfaces` stays empty. (macOS 26 moved USB to
// SPUSBHostDataType; that shape is not parsed here yet.)
import type { UsbDeviceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';

const APPLE_VENDOR_ID = '05ac';

interface SpItem {
  _name?: unknown;
  _items?: unknown;
  vendor_id?: unknown;
  product_id?: unknown;
  manufacturer?: unknown;
  serial_num?: unknown;
  bcd_device?: unknown;
  location_id?: unknown;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function parseSpHexId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'apple_vendor_id') return APPLE_VENDOR_ID;
  const match = /^\s*0x([0-9a-f]{1,4})\b/i.exec(value);
  return match ? (match[1] as string).toLowerCase().padStart(4, '0') : undefined;
}

/** `1.00` -> `0100`, `9b.00` -> `9b00`, `10.12` -> `1012` (BCD printed as major.minor). */
export function parseSpBcd(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^\s*([0-9a-f]{1,2})\.([0-9a-f]{1,2})\s*$/i.exec(value);
  if (!match) return undefined;
  return `${(match[1] as string).padStart(2, '0')}${(match[2] as string).padStart(2, '0')}`.toLowerCase();
}

function toDevice(item: SpItem): UsbDeviceFact | undefined {
  const vendorId = parseSpHexId(str(item.vendor_id));
  const productId = parseSpHexId(str(item.product_id));
  if (vendorId === undefined || productId === undefined) return undefined;
  const location = str(item.location_id)?.split('/')[0]?.trim();
  return {
    location: location ? clip(location, 512) : undefined,
    vendorId,
    productId,
    manufacturer: clipOptional(str(item.manufacturer), 255),
    product: clipOptional(str(item._name), 255),
    serial: clipOptional(str(item.serial_num), 255),
    bcdDevice: parseSpBcd(str(item.bcd_device)),
    interfaces: [],
  };
}

export function parseSystemProfilerUsb(json: string): UsbDeviceFact[] {
  const document: unknown = JSON.parse(json);
  const root = (document as { SPUSBDataType?: unknown } | null)?.SPUSBDataType;
  if (!Array.isArray(root)) throw new Error('system_profiler output has no SPUSBDataType array');
  const devices: UsbDeviceFact[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items as SpItem[]) {
      if (item === null || typeof item !== 'object') continue;
      const device = toDevice(item);
      if (device && devices.length < 1_024) devices.push(device);
      walk(item._items);
    }
  };
  walk(root);
  return devices;
}
