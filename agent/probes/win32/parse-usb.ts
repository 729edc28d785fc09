// USB devices: present ones from Win32_PnPEntity (a composite device's interfaces are its `MI_xx`
// children, their class read from CompatibleIDs), previously attached ones from the Enum\USB
// registry keys (historical). The product string is the device's own (BusReportedDeviceDesc, which
// Windows keeps for absent devices too);
// Windows keeps no iManufacturer string, and PnP names come from INF files, so neither is used.
import type { UsbDeviceFact, UsbInterfaceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import type { Win32Document } from './document.js';
import { classFromCompatibleIds, readPnpTree, readUsbHistory, serialFromInstance, type InstanceId } from './pnp.js';

const MAX_DEVICES = 1_024;
const MAX_INTERFACES = 64;

interface PnpNode {
  id: InstanceId;
  compatibleIds: string[];
  service?: string;
}

const vidPid = (id: InstanceId): string => `${id.vendorId}:${id.productId}`;

function toInterface(node: PnpNode): UsbInterfaceFact | undefined {
  const triple = classFromCompatibleIds(node.compatibleIds, 'Class');
  return triple ? { ...triple, driver: clipOptional(node.service, 128) } : undefined;
}

/** Interfaces of each device: children linked by parent id, else by ids when only one device has them. */
function interfacesOf(devices: PnpNode[], children: PnpNode[], parentOf: (id: string) => string | undefined): Map<PnpNode, UsbInterfaceFact[]> {
  const result = new Map<PnpNode, UsbInterfaceFact[]>(devices.map((d) => [d, []]));
  const byId = new Map(devices.map((d) => [d.id.id.toUpperCase(), d]));
  const byIds = new Map<string, PnpNode[]>();
  for (const d of devices) byIds.set(vidPid(d.id), [...(byIds.get(vidPid(d.id)) ?? []), d]);
  const sorted = [...children].sort((a, b) => (a.id.interfaceNumber ?? '').localeCompare(b.id.interfaceNumber ?? ''));
  for (const child of sorted) {
    const linked = byId.get(parentOf(child.id.id)?.toUpperCase() ?? '');
    const candidates = byIds.get(vidPid(child.id)) ?? [];
    const parent = linked ?? (candidates.length === 1 ? candidates[0] : undefined);
    const fact = toInterface(child);
    if (parent && fact) result.get(parent)!.push(fact);
  }
  for (const device of devices) {
    const list = result.get(device)!;
    if (list.length === 0) {
      const own = toInterface(device);
      if (own) list.push(own);
    }
  }
  return result;
}

function toDevice(node: PnpNode, interfaces: UsbInterfaceFact[], product: string | undefined, historical: boolean): UsbDeviceFact {
  const deviceClass = classFromCompatibleIds(node.compatibleIds, 'DevClass')?.class;
  return {
    location: clip(node.id.id, 512),
    vendorId: node.id.vendorId!,
    productId: node.id.productId!,
    product: clipOptional(product, 255),
    serial: clipOptional(serialFromInstance(node.id.instance), 255),
    deviceClass,
    interfaces: interfaces.slice(0, MAX_INTERFACES),
    ...(historical ? { historical: true } : {}),
  };
}

const isUsb = (node: PnpNode): boolean => node.id.bus === 'USB' && node.id.vendorId !== undefined && node.id.productId !== undefined;

export function parseWin32Usb(document: Win32Document, warn?: (message: string) => void): UsbDeviceFact[] {
  const tree = readPnpTree(document, warn);
  const present = tree.present.filter(isUsb);
  const devices = present.filter((n) => n.id.interfaceNumber === undefined);
  const presentInterfaces = interfacesOf(devices, present.filter((n) => n.id.interfaceNumber !== undefined), tree.parentOf);
  const facts = devices.map((d) => toDevice(d, presentInterfaces.get(d)!, tree.busReportedName(d.id.id), false));

  const past = readUsbHistory(document, warn).filter((n) => isUsb(n) && !tree.presentIds.has(n.id.id.toUpperCase()));
  const pastDevices = past.filter((n) => n.id.interfaceNumber === undefined);
  const pastInterfaces = interfacesOf(pastDevices, past.filter((n) => n.id.interfaceNumber !== undefined), () => undefined);
  facts.push(...pastDevices.map((d) => toDevice(d, pastInterfaces.get(d)!, tree.busReportedName(d.id.id), true)));

  if (facts.length > MAX_DEVICES) warn?.(`${facts.length} USB devices, kept the first ${MAX_DEVICES}`);
  return facts.slice(0, MAX_DEVICES);
}
