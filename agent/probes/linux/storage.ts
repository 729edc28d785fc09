// SCSI devices (USB mass storage, virtual media) from <root>/sys/class/scsi_device/H:C:T:L: the
// inquiry strings (vendor, model, rev), the peripheral type (5 = CD-ROM) and the block device's
// removable flag. The class entry links into the device tree, whose path names the USB device
// (`.../usb1/1-2/1-2:1.3/host6/...` -> `1-2`), joining the LUN to usbDevices[].location.
import type { StorageDeviceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional } from '../util/text.js';

const SCSI_DEVICES = '/sys/class/scsi_device';
const MAX_STORAGE = 256;
const USB_INTERFACE_SEGMENT = /^(\d+-[\d.]+):\d+\.\d+$/;

/** SCSI peripheral device types (SPC): 0 direct access, 5 CD/DVD, 0x0e simplified direct access. */
export function storageKind(type: string | undefined): StorageDeviceFact['kind'] {
  const value = Number.parseInt(type ?? '', 10);
  if (value === 5) return 'cdrom';
  if (value === 0 || value === 0x0e) return 'disk';
  return 'other';
}

/** The USB device a sysfs device path lies under (its last `1-2:1.3` interface segment), if any. */
export function usbLocationOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  let location: string | undefined;
  for (const segment of path.split('/')) location = USB_INTERFACE_SEGMENT.exec(segment)?.[1] ?? location;
  return location;
}

async function readRemovable(fs: RootedFs, deviceDir: string): Promise<boolean | undefined> {
  const [block] = (await fs.list(`${deviceDir}/block`)).sort();
  if (block === undefined) return undefined;
  const value = await fs.line(`${deviceDir}/block/${block}/removable`);
  return value === undefined ? undefined : value.trim() === '1';
}

async function readLun(fs: RootedFs, name: string): Promise<StorageDeviceFact | undefined> {
  const deviceDir = `${SCSI_DEVICES}/${name}/device`;
  const [link, vendor, model, revision, type, removable] = await Promise.all([
    fs.link(`${SCSI_DEVICES}/${name}`),
    fs.line(`${deviceDir}/vendor`),
    fs.line(`${deviceDir}/model`),
    fs.line(`${deviceDir}/rev`),
    fs.line(`${deviceDir}/type`),
    readRemovable(fs, deviceDir),
  ]);
  if (vendor === undefined && model === undefined && type === undefined) return undefined;
  const usbLocation = usbLocationOf(link);
  return {
    ...(usbLocation !== undefined ? { usbLocation: clip(usbLocation, 512) } : {}),
    vendor: clipOptional(vendor, 64),
    model: clipOptional(model, 128),
    revision: clipOptional(revision, 32),
    kind: storageKind(type),
    removable,
  };
}

export async function probeLinuxStorage(context: ProbeContext, fs: RootedFs): Promise<StorageDeviceFact[]> {
  const names = (await fs.list(SCSI_DEVICES)).filter((name) => /^\d+:\d+:\d+:\d+$/.test(name)).sort();
  const luns = (await mapLimit(names, 8, (name) => readLun(fs, name))).filter((s): s is StorageDeviceFact => s !== undefined);
  if (luns.length > MAX_STORAGE) context.warn(`${luns.length} SCSI devices, kept the first ${MAX_STORAGE}`);
  return luns.slice(0, MAX_STORAGE);
}
