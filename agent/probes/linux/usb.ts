// USB devices from <root>/sys/bus/usb/devices: the device's own descriptor strings (never a
// usb.ids lookup) and, per interface directory (`1-1:1.0`), class/subclass/protocol and driver.
import { basename } from 'node:path';
import type { UsbDeviceFact, UsbInterfaceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional, normaliseHex } from '../util/text.js';

const BUS_DEVICES = '/sys/bus/usb/devices';
const MAX_DEVICES = 1_024;
const MAX_INTERFACES = 64;
const INTERFACE_DIR = /^[\d.-]+:\d+\.\d+$/;

async function readInterface(fs: RootedFs, dir: string): Promise<UsbInterfaceFact | undefined> {
  const [cls, subclass, protocol, driver] = await Promise.all([
    fs.line(`${dir}/bInterfaceClass`),
    fs.line(`${dir}/bInterfaceSubClass`),
    fs.line(`${dir}/bInterfaceProtocol`),
    fs.link(`${dir}/driver`),
  ]);
  const fact = { class: normaliseHex(cls, 2), subclass: normaliseHex(subclass, 2), protocol: normaliseHex(protocol, 2) };
  if (fact.class === undefined || fact.subclass === undefined || fact.protocol === undefined) return undefined;
  return { class: fact.class, subclass: fact.subclass, protocol: fact.protocol, driver: driver ? clip(basename(driver), 128) : undefined };
}

async function readDevice(context: ProbeContext, fs: RootedFs, name: string): Promise<UsbDeviceFact | undefined> {
  const dir = `${BUS_DEVICES}/${name}`;
  const [vendor, product, manufacturerText, productText, serial, bcdDevice, deviceClass, entries] = await Promise.all([
    fs.line(`${dir}/idVendor`),
    fs.line(`${dir}/idProduct`),
    fs.line(`${dir}/manufacturer`),
    fs.line(`${dir}/product`),
    fs.line(`${dir}/serial`),
    fs.line(`${dir}/bcdDevice`),
    fs.line(`${dir}/bDeviceClass`),
    fs.list(dir),
  ]);
  if (vendor === undefined) return undefined; // not a device entry
  const vendorId = normaliseHex(vendor, 4);
  const productId = normaliseHex(product, 4);
  if (vendorId === undefined || productId === undefined) {
    context.warn(`${name}: malformed idVendor/idProduct '${vendor}'/'${product ?? ''}'`);
    return undefined;
  }
  // `1-1:1.0` under 1-1, `1-0:1.0` under the root hub usb1; child devices (`1-1.2`) have no colon.
  const interfaceDirs = entries.filter((entry) => INTERFACE_DIR.test(entry)).sort();
  const interfaces = await Promise.all(interfaceDirs.map((entry) => readInterface(fs, `${dir}/${entry}`)));
  return {
    location: clip(name, 512),
    vendorId,
    productId,
    manufacturer: clipOptional(manufacturerText, 255),
    product: clipOptional(productText, 255),
    serial: clipOptional(serial, 255),
    bcdDevice: normaliseHex(bcdDevice, 4),
    deviceClass: normaliseHex(deviceClass, 2),
    interfaces: interfaces.filter((i): i is UsbInterfaceFact => i !== undefined).slice(0, MAX_INTERFACES),
  };
}

export async function probeLinuxUsb(context: ProbeContext, fs: RootedFs): Promise<UsbDeviceFact[]> {
  // Interface entries (`1-1:1.0`) are listed here too; they are read through their device.
  const names = (await fs.list(BUS_DEVICES)).filter((name) => !name.includes(':')).sort();
  const devices = await mapLimit(names, 8, (name) => readDevice(context, fs, name));
  const found = devices.filter((d): d is UsbDeviceFact => d !== undefined);
  if (found.length > MAX_DEVICES) context.warn(`${found.length} USB devices, kept the first ${MAX_DEVICES}`);
  return found.slice(0, MAX_DEVICES);
}
