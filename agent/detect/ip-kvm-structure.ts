// IP-KVM by structure, which survives string spoofing: one USB device that bundles a keyboard
// with a pointer and mass storage (virtual media), or a keyboard with an absolute pointer (read
// from its HID report descriptor) or a CD-ROM LUN (from its SCSI inquiry), even without the rest.
// When such a device claims a keyboard brand's vendor id or name it is a KVM in disguise: that
// finding replaces the structural one (it implies it).
import type { Facts, Finding, Policy, StorageDeviceFact, UsbDeviceFact } from '../../shared/index.js';
import { KEYBOARD_BRANDS } from '../catalogues/ip-kvm.js';
import { makeFinding } from './finding.js';
import type { HidCapabilities } from './hid-descriptor.js';
import { hidByUsbLocation } from './hid.js';
import { interfaceCode, usbEvidence, usbSubject, vidPid } from './usb.js';

const HID = '03';
const MASS_STORAGE = '08';
const isBootKeyboard = (code: string) => code === '03/01/01';

/** What the OS exposes through the device's functions: parsed HID descriptors and SCSI LUNs at its location. */
export interface JoinedFunctions {
  hid?: HidCapabilities;
  storage?: readonly StorageDeviceFact[];
}

export interface CompositeStructure {
  /** Interface codes (`03/01/01`) where the interfaces tell it. */
  keyboardInterface?: string;
  pointerInterface?: string;
  storageInterface?: string;
  absolutePointer: boolean;
  absoluteRange?: string;
  cdrom: boolean;
  /** The functions that make it KVM-shaped, in words. */
  parts: string[];
}

/** The KVM-shaped functions of a device, if it has a keyboard plus (pointer and storage) or an absolute pointer or a CD-ROM. */
export function kvmStructure(d: UsbDeviceFact, joined: JoinedFunctions = {}): CompositeStructure | undefined {
  const codes = d.interfaces.map(interfaceCode);
  const keyboardInterface = codes.find(isBootKeyboard);
  // The pointer: a boot mouse (protocol 02) or a non-boot HID function (where absolute mice live).
  const pointerInterface = d.interfaces.filter((i) => i.class === HID && !isBootKeyboard(interfaceCode(i)) && (i.protocol === '02' || i.subclass === '00'))
    .map(interfaceCode)[0];
  const storageIf = d.interfaces.find((i) => i.class === MASS_STORAGE);
  const storageInterface = storageIf ? interfaceCode(storageIf) : undefined;
  const luns = joined.storage ?? [];
  const absolutePointer = joined.hid?.absolutePointer ?? false;
  const cdrom = luns.some((s) => s.kind === 'cdrom');
  const keyboard = keyboardInterface !== undefined || (joined.hid?.keyboard ?? false);
  const pointer = pointerInterface !== undefined || absolutePointer || (joined.hid?.relativePointer ?? false);
  const storage = storageInterface !== undefined || luns.length > 0;
  if (!keyboard || !((pointer && storage) || absolutePointer || cdrom)) return undefined;
  const parts = ['a keyboard'];
  if (absolutePointer) parts.push(`an absolute pointer (${joined.hid?.absoluteRange ?? '?'})`);
  else if (pointer) parts.push('a pointer');
  if (cdrom) parts.push('a CD-ROM');
  else if (storage) parts.push('mass storage');
  return { keyboardInterface, pointerInterface, storageInterface, absolutePointer, absoluteRange: joined.hid?.absoluteRange, cdrom, parts };
}

/** The keyboard brand a device claims through its vendor id or its strings. */
export function claimedBrand(d: UsbDeviceFact): { brand: string; via: string } | undefined {
  for (const { brand, vendorIds } of KEYBOARD_BRANDS) {
    if (vendorIds.includes(d.vendorId)) return { brand, via: `vendor id ${d.vendorId}` };
    const word = new RegExp(`\\b${brand}\\b`, 'i');
    for (const field of ['manufacturer', 'product'] as const) {
      const value = d[field];
      if (value && word.test(value)) return { brand, via: `${field} "${value}"` };
    }
  }
  return undefined;
}

const listWords = (parts: string[]) => (parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);

export function detectIpKvmStructure(facts: Facts, _policy: Policy): Finding[] {
  const hid = hidByUsbLocation(facts.hidDevices);
  const storage = new Map<string, StorageDeviceFact[]>();
  for (const s of facts.storageDevices) if (s.usbLocation !== undefined) storage.set(s.usbLocation, [...(storage.get(s.usbLocation) ?? []), s]);
  const findings: Finding[] = [];
  for (const device of facts.usbDevices) {
    if (device.historical) continue;
    const joined = device.location !== undefined ? { hid: hid.get(device.location), storage: storage.get(device.location) } : {};
    const structure = kvmStructure(device, joined);
    if (!structure) continue;
    const bundle = listWords(structure.parts);
    const evidence = {
      ...usbEvidence(device),
      keyboardInterface: structure.keyboardInterface,
      pointerInterface: structure.pointerInterface,
      storageInterface: structure.storageInterface,
      absolutePointer: structure.absolutePointer,
      absoluteRange: structure.absoluteRange,
      cdrom: structure.cdrom,
      functions: structure.parts,
    };
    const brand = claimedBrand(device);
    findings.push(brand
      ? makeFinding('ip_kvm.relabelled_device', {
        subject: usbSubject(device),
        summary: `A device claiming to be ${brand.brand} (${brand.via}) bundles ${bundle} in one USB device (${vidPid(device)}), as a relabelled IP-KVM does.`,
        evidence: { ...evidence, claimedBrand: brand.brand, claimedVia: brand.via },
      })
      : makeFinding('ip_kvm.composite_structure', {
        subject: usbSubject(device),
        summary: `One USB device (${vidPid(device)}) bundles ${bundle}, the structure of an IP-KVM.`,
        evidence,
      }));
  }
  return findings;
}
