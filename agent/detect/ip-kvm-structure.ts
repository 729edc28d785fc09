// IP-KVM by structure, which survives string spoofing: one USB device that bundles a boot
// keyboard, a second HID function (the pointer, often absolute) and mass storage (virtual media).
// When such a device claims a keyboard brand's vendor id or name it is a KVM in disguise: that
// finding replaces the structural one (it implies it).
import type { Facts, Finding, Policy, UsbDeviceFact } from '../../shared/index.js';
import { KEYBOARD_BRANDS } from '../catalogues/ip-kvm.js';
import { makeFinding } from './finding.js';
import { interfaceCode, usbEvidence, usbSubject, vidPid } from './usb.js';

const HID = '03';
const MASS_STORAGE = '08';
const isBootKeyboard = (code: string) => code === '03/01/01';

export interface CompositeStructure {
  keyboard: string;
  pointer: string;
  storage: string;
}

/** The keyboard, pointer and storage interfaces of an IP-KVM-shaped device, if it has all three. */
export function kvmStructure(d: UsbDeviceFact): CompositeStructure | undefined {
  const codes = d.interfaces.map(interfaceCode);
  const keyboard = codes.find(isBootKeyboard);
  // The pointer: a boot mouse (protocol 02) or a non-boot HID function (where absolute mice live).
  const pointer = d.interfaces.filter((i) => i.class === HID && !isBootKeyboard(interfaceCode(i)) && (i.protocol === '02' || i.subclass === '00'))
    .map(interfaceCode)[0];
  const storage = d.interfaces.find((i) => i.class === MASS_STORAGE);
  if (!keyboard || !pointer || !storage) return undefined;
  return { keyboard, pointer, storage: interfaceCode(storage) };
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

export function detectIpKvmStructure(facts: Facts, _policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const device of facts.usbDevices) {
    if (device.historical) continue;
    const structure = kvmStructure(device);
    if (!structure) continue;
    const evidence = { ...usbEvidence(device), keyboardInterface: structure.keyboard, pointerInterface: structure.pointer, storageInterface: structure.storage };
    const brand = claimedBrand(device);
    findings.push(brand
      ? makeFinding('ip_kvm.relabelled_device', {
        subject: usbSubject(device),
        summary: `A device claiming to be ${brand.brand} (${brand.via}) bundles a keyboard, a pointer and mass storage in one USB device (${vidPid(device)}), as a relabelled IP-KVM does.`,
        evidence: { ...evidence, claimedBrand: brand.brand, claimedVia: brand.via },
      })
      : makeFinding('ip_kvm.composite_structure', {
        subject: usbSubject(device),
        summary: `One USB device (${vidPid(device)}) bundles a keyboard, a pointer and mass storage, the structure of an IP-KVM.`,
        evidence,
      }));
  }
  return findings;
}
