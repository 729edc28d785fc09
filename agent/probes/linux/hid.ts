// HID devices and their raw report descriptors from sysfs. USB ones are found under their USB
// interface (<root>/sys/bus/usb/devices/1-2/1-2:1.1/0003:1D6B:0104.0002/report_descriptor), which
// gives the parent device's location; others (I2C touchpads, Bluetooth) through
// /sys/class/hidraw/hidraw*/device. The descriptor files are world-readable.
import type { HidDeviceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional, normaliseHex } from '../util/text.js';

const USB_DEVICES = '/sys/bus/usb/devices';
const HIDRAW = '/sys/class/hidraw';
const INTERFACE_DIR = /^[\d.-]+:\d+\.\d+$/;
/** `0003:1D6B:0104.0002`: bus, vendor, product, instance. */
const HID_DIR = /^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})\.[0-9A-Fa-f]+$/;
const BUS_USB = '0003';
const MAX_HID_DEVICES = 256;
/** The schema caps reportDescriptorHex at 16384 hex digits; the HID spec's own limit is 4096 bytes. */
const MAX_DESCRIPTOR_BYTES = 8_192;

/** KEY=value lines of a sysfs uevent file. */
export function parseUevent(text: string | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return values;
}

/** `HID_ID=0018:000004F3:00003282` -> bus `0018`, vendor `04f3`, product `3282`. */
export function parseHidId(value: string | undefined): { bus: string; vendorId?: string; productId?: string } | undefined {
  const match = /^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8})$/.exec(value ?? '');
  if (!match) return undefined;
  const [, bus, vendor, product] = match as unknown as [string, string, string, string];
  return { bus, vendorId: normaliseHex(vendor.slice(4), 4), productId: normaliseHex(product.slice(4), 4) };
}

async function readHid(context: ProbeContext, fs: RootedFs, dir: string, base: Partial<HidDeviceFact>): Promise<HidDeviceFact> {
  const [descriptor, uevent] = await Promise.all([fs.bytes(`${dir}/report_descriptor`), fs.text(`${dir}/uevent`)]);
  let reportDescriptorHex: string | undefined;
  if (descriptor !== undefined && descriptor.length > MAX_DESCRIPTOR_BYTES) context.warn(`${dir}: report descriptor of ${descriptor.length} bytes not kept`);
  else if (descriptor !== undefined && descriptor.length > 0) reportDescriptorHex = descriptor.toString('hex');
  return { ...base, name: clipOptional(parseUevent(uevent).get('HID_NAME'), 255), reportDescriptorHex };
}

async function usbHidDirs(fs: RootedFs): Promise<Array<{ dir: string; location: string; vendorId?: string; productId?: string }>> {
  const devices = (await fs.list(USB_DEVICES)).filter((name) => !name.includes(':')).sort();
  const perDevice = await mapLimit(devices, 8, async (device) => {
    const interfaces = (await fs.list(`${USB_DEVICES}/${device}`)).filter((entry) => INTERFACE_DIR.test(entry)).sort();
    const found = await Promise.all(interfaces.map(async (intf) => {
      const entries = (await fs.list(`${USB_DEVICES}/${device}/${intf}`)).filter((entry) => HID_DIR.test(entry)).sort();
      return entries.map((entry) => {
        const [, , vendor, product] = HID_DIR.exec(entry) as unknown as [string, string, string, string];
        return { dir: `${USB_DEVICES}/${device}/${intf}/${entry}`, location: clip(device, 512), vendorId: normaliseHex(vendor, 4), productId: normaliseHex(product, 4) };
      });
    }));
    return found.flat();
  });
  return perDevice.flat();
}

/** HID devices on other buses (I2C, Bluetooth, virtual): USB ones were read through their interface. */
async function otherHidDirs(fs: RootedFs): Promise<Array<{ dir: string; vendorId?: string; productId?: string }>> {
  const nodes = (await fs.list(HIDRAW)).filter((name) => /^hidraw\d+$/.test(name)).sort();
  const found = await mapLimit(nodes, 8, async (node) => {
    const dir = `${HIDRAW}/${node}/device`;
    const id = parseHidId(parseUevent(await fs.text(`${dir}/uevent`)).get('HID_ID'));
    if (id === undefined || id.bus === BUS_USB) return undefined;
    return { dir, vendorId: id.vendorId, productId: id.productId };
  });
  return found.filter((f): f is NonNullable<typeof f> => f !== undefined);
}

export async function probeLinuxHid(context: ProbeContext, fs: RootedFs): Promise<HidDeviceFact[]> {
  const [usb, other] = await Promise.all([usbHidDirs(fs), otherHidDirs(fs)]);
  const all = [
    ...usb.map(({ dir, location, vendorId, productId }) => ({ dir, base: { usbLocation: location, vendorId, productId } })),
    ...other.map(({ dir, vendorId, productId }) => ({ dir, base: { vendorId, productId } })),
  ];
  if (all.length > MAX_HID_DEVICES) context.warn(`${all.length} HID devices, kept the first ${MAX_HID_DEVICES}`);
  return mapLimit(all.slice(0, MAX_HID_DEVICES), 8, ({ dir, base }) => readHid(context, fs, dir, base));
}
