// PnP instance ids and the device tree as the script reports them (Win32_PnPEntity, the Enum
// registry keys and DEVPKEY_Device_Parent / DEVPKEY_Device_BusReportedDeviceDesc).
import { optionalSection, records, section, str, strings, type Win32Document } from './document.js';

export interface InstanceId {
  id: string;
  bus: string;
  vendorId?: string;
  productId?: string;
  /** `MI_xx`: one interface of a composite device. */
  interfaceNumber?: string;
  /** Last segment: the device's serial number when it has no `&` (Windows makes up the others). */
  instance: string;
}

const VID_PID = /(?:^|&)VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?:&MI_([0-9A-F]{2}))?/i;

export function parseInstanceId(id: string): InstanceId | undefined {
  const parts = id.split('\\');
  if (parts.length < 3) return undefined;
  const [bus, hardware, ...rest] = parts as [string, string, ...string[]];
  const match = VID_PID.exec(hardware);
  return {
    id,
    bus: bus.toUpperCase(),
    vendorId: match?.[1]?.toLowerCase(),
    productId: match?.[2]?.toLowerCase(),
    interfaceNumber: match?.[3]?.toLowerCase(),
    instance: rest.join('\\'),
  };
}

export const serialFromInstance = (instance: string): string | undefined => (instance !== '' && !instance.includes('&') ? instance : undefined);

export interface ClassTriple {
  class: string;
  subclass: string;
  protocol: string;
}

/** `USB\Class_03&SubClass_01&Prot_01` (an interface) or `USB\DevClass_00&...` (a device), lowercase hex. */
export function classFromCompatibleIds(ids: readonly string[], kind: 'Class' | 'DevClass'): ClassTriple | undefined {
  const pattern = new RegExp(`^USB\\\\${kind}_([0-9a-f]{2})&SubClass_([0-9a-f]{2})&Prot_([0-9a-f]{2})$`, 'i');
  for (const id of ids) {
    const match = pattern.exec(id);
    if (match) return { class: match[1]!.toLowerCase(), subclass: match[2]!.toLowerCase(), protocol: match[3]!.toLowerCase() };
  }
  return undefined;
}

export interface PnpEntity {
  id: InstanceId;
  name?: string;
  service?: string;
  compatibleIds: string[];
  hardwareIds: string[];
}

export interface PnpTree {
  present: PnpEntity[];
  /** Upper-cased ids of present devices. */
  presentIds: Set<string>;
  parentOf(id: string): string | undefined;
  busReportedName(id: string): string | undefined;
}

const key = (id: string): string => id.toUpperCase();

/** Present PnP entities; the property section only enriches them, so its failure is a warning. */
export function readPnpTree(document: Win32Document, warn?: (message: string) => void): PnpTree {
  const present: PnpEntity[] = [];
  for (const entry of records(section(document, 'pnp'))) {
    const raw = str(entry.id);
    const id = raw === undefined ? undefined : parseInstanceId(raw);
    if (!id) continue;
    present.push({ id, name: str(entry.name), service: str(entry.service), compatibleIds: strings(entry.compatibleIds), hardwareIds: strings(entry.hardwareIds) });
  }
  const parents = new Map<string, string>();
  const names = new Map<string, string>();
  for (const entry of records(optionalSection(document, 'pnpProperties', warn))) {
    const id = str(entry.id);
    const value = str(entry.value);
    if (id === undefined || value === undefined) continue;
    if (entry.key === 'DEVPKEY_Device_Parent') parents.set(key(id), value);
    if (entry.key === 'DEVPKEY_Device_BusReportedDeviceDesc') names.set(key(id), value);
  }
  return {
    present,
    presentIds: new Set(present.map((e) => key(e.id.id))),
    parentOf: (id) => parents.get(key(id)),
    busReportedName: (id) => names.get(key(id)),
  };
}

export interface RegistryEntry {
  id: InstanceId;
  friendlyName?: string;
  service?: string;
  compatibleIds: string[];
}

/** Every device instance the Enum\USB and Enum\USBSTOR keys remember (a failure is a warning). */
export function readUsbHistory(document: Win32Document, warn?: (message: string) => void): RegistryEntry[] {
  const history: RegistryEntry[] = [];
  for (const entry of records(optionalSection(document, 'usbHistory', warn))) {
    const raw = str(entry.id);
    const id = raw === undefined ? undefined : parseInstanceId(raw);
    if (id) history.push({ id, friendlyName: str(entry.friendlyName), service: str(entry.service), compatibleIds: strings(entry.compatibleIds) });
  }
  return history;
}
