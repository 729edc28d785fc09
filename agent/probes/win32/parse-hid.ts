// HID top-level collections from Win32_PnPEntity `HID\VID_xxxx&PID_xxxx[&MI_xx][&Col0n]\...`.
// Windows does not expose the report descriptor; the usages come from the hardware ids
// (`HID_DEVICE_UP:0001_U:0002` = Generic Desktop / Mouse). usbLocation is the USB device the
// collection belongs to (parent of its USB interface), joining usbDevices[].location.
import type { HidDeviceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import type { Win32Document } from './document.js';
import { readPnpTree, type PnpTree } from './pnp.js';

const USAGE = /^HID_DEVICE_UP:([0-9a-f]{4})_U:([0-9a-f]{4})$/i;
const MAX_HID = 256;

export function usagesFromHardwareIds(ids: readonly string[]): { page: number; usage: number }[] {
  const usages: { page: number; usage: number }[] = [];
  for (const id of ids) {
    const match = USAGE.exec(id);
    if (!match) continue;
    const page = Number.parseInt(match[1]!, 16);
    const usage = Number.parseInt(match[2]!, 16);
    if (!usages.some((u) => u.page === page && u.usage === usage)) usages.push({ page, usage });
  }
  return usages.slice(0, 32);
}

/** HID collection -> USB interface (`MI_xx`) -> USB device; stops at the first USB device that is not an interface. */
function usbDeviceOf(tree: PnpTree, hidId: string): string | undefined {
  let current = tree.parentOf(hidId);
  for (let depth = 0; current !== undefined && depth < 4; depth += 1) {
    if (/^USB\\/i.test(current) && !/&MI_[0-9a-f]{2}\\/i.test(current)) return current;
    current = tree.parentOf(current);
  }
  return undefined;
}

export function parseWin32Hid(document: Win32Document, warn?: (message: string) => void): HidDeviceFact[] {
  const tree = readPnpTree(document, warn);
  const facts: HidDeviceFact[] = [];
  for (const entity of tree.present) {
    if (entity.id.bus !== 'HID') continue;
    const usages = usagesFromHardwareIds(entity.hardwareIds);
    const usbLocation = usbDeviceOf(tree, entity.id.id);
    const product = usbLocation === undefined ? undefined : tree.busReportedName(usbLocation);
    facts.push({
      usbLocation: usbLocation === undefined ? undefined : clip(usbLocation, 512),
      vendorId: entity.id.vendorId,
      productId: entity.id.productId,
      name: clipOptional(product ?? entity.name, 255),
      usages: usages.length > 0 ? usages : undefined,
    });
    if (facts.length === MAX_HID) break;
  }
  return facts;
}
