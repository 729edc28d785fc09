// USB mass storage from USBSTOR instance ids (`USBSTOR\CdRom&Ven_PiKVM&Prod_Optical_Drive&Rev_1.00\CAFEBABE&0`):
// the SCSI inquiry vendor/model/revision with `_` for spaces. Present ones from Win32_PnPEntity,
// remembered ones from the Enum\USBSTOR key (historical). The instance before `&<lun>` is the USB
// serial, which links the LUN to its USB device.
import type { StorageDeviceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import type { Win32Document } from './document.js';
import { readPnpTree, readUsbHistory, serialFromInstance, type InstanceId } from './pnp.js';

const USBSTOR = /^USBSTOR\\([^&\\]+)&Ven_([^&\\]*)&Prod_([^&\\]*)(?:&Rev_([^\\]*))?\\(.+)$/i;
const MAX_STORAGE = 256;

export interface UsbstorId {
  kind: StorageDeviceFact['kind'];
  vendor?: string;
  model?: string;
  revision?: string;
  /** USB serial of the device the LUN belongs to, when Windows did not make one up. */
  usbSerial?: string;
}

const unscore = (value: string | undefined): string | undefined => clipOptional(value?.replace(/_/g, ' '), 128);

export function parseUsbstorId(id: string): UsbstorId | undefined {
  const match = USBSTOR.exec(id);
  if (!match) return undefined;
  const type = match[1]!.toLowerCase();
  const instance = match[5]!;
  return {
    kind: type === 'cdrom' ? 'cdrom' : type === 'disk' ? 'disk' : 'other',
    vendor: unscore(match[2]),
    model: unscore(match[3]),
    revision: unscore(match[4]),
    usbSerial: serialFromInstance(instance.replace(/&\d+$/, '')),
  };
}

/** Present ids are upper-cased by WMI; take the spelling of the FriendlyName when it contains the text. */
function spelled(value: string | undefined, friendlyName: string | undefined): string | undefined {
  if (value === undefined || friendlyName === undefined) return value;
  const at = friendlyName.toLowerCase().indexOf(value.toLowerCase());
  return at < 0 ? value : friendlyName.slice(at, at + value.length);
}

export function parseWin32Storage(document: Win32Document, warn?: (message: string) => void): StorageDeviceFact[] {
  const tree = readPnpTree(document, warn);
  const history = readUsbHistory(document, warn);
  const usbBySerial = new Map<string, string>();
  for (const node of [...tree.present, ...history]) {
    const serial = node.id.bus === 'USB' && node.id.interfaceNumber === undefined ? serialFromInstance(node.id.instance) : undefined;
    if (serial !== undefined && !usbBySerial.has(serial.toUpperCase())) usbBySerial.set(serial.toUpperCase(), node.id.id);
  }
  const remembered = new Map(history.filter((h) => h.id.bus === 'USBSTOR').map((h) => [h.id.id.toUpperCase(), h]));
  const seen = new Set<string>();
  const facts: StorageDeviceFact[] = [];
  const add = (id: InstanceId, friendlyName: string | undefined, historical: boolean): void => {
    const parsed = parseUsbstorId(id.id);
    if (!parsed || seen.has(id.id.toUpperCase()) || facts.length >= MAX_STORAGE) return;
    seen.add(id.id.toUpperCase());
    const usbLocation = parsed.usbSerial === undefined ? undefined : usbBySerial.get(parsed.usbSerial.toUpperCase());
    facts.push({
      usbLocation: usbLocation === undefined ? undefined : clip(usbLocation, 512),
      vendor: clipOptional(spelled(parsed.vendor, friendlyName), 64),
      model: clipOptional(spelled(parsed.model, friendlyName), 128),
      revision: clipOptional(parsed.revision, 32),
      kind: parsed.kind,
      removable: true,
      ...(historical ? { historical: true } : {}),
    });
  };
  for (const entity of tree.present) {
    if (entity.id.bus !== 'USBSTOR') continue;
    const registry = remembered.get(entity.id.id.toUpperCase());
    add(registry?.id ?? entity.id, registry?.friendlyName ?? entity.name, false);
  }
  for (const entry of remembered.values()) if (!tree.presentIds.has(entry.id.id.toUpperCase())) add(entry.id, entry.friendlyName, true);
  return facts;
}
