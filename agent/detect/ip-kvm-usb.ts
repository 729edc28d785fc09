// IP-KVMs by their USB descriptors: a known device's ids and strings, or a Linux USB gadget (a
// single-board computer posing as a keyboard) that is not a root hub. Devices the OS only
// remembers (historical) become `ip_kvm.usb_history`.
import type { Facts, Finding, Policy, UsbDeviceFact } from '../../shared/index.js';
import { IP_KVM_USB_SIGNATURES, LINUX_FOUNDATION_VENDOR_ID, LINUX_ROOT_HUB_PRODUCT_IDS } from '../catalogues/ip-kvm.js';
import type { IpKvmUsbSignature, UsbStringMatch } from '../catalogues/ip-kvm.js';
import { makeFinding } from './finding.js';
import { sameText, usbEvidence, usbSubject, vidPid } from './usb.js';

interface SignatureMatch {
  signature: IpKvmUsbSignature;
  /** `ids 1d6b:0104 + manufacturer=PiKVM`, `product=PiKVM HID` ... */
  matchedBy: string;
}

const stringMatches = (d: UsbDeviceFact, candidates: readonly UsbStringMatch[]) => candidates.filter((c) => sameText(d[c.field], c.value));
const describe = (matches: UsbStringMatch[]) => matches.map((m) => `${m.field}=${m.value}`).join(', ');

export function matchSignature(d: UsbDeviceFact): SignatureMatch | undefined {
  const id = vidPid(d);
  for (const signature of IP_KVM_USB_SIGNATURES) {
    if (!signature.ids.includes(id)) continue;
    if (signature.confirmingStrings.length === 0) return { signature, matchedBy: `ids ${id}` };
    const confirmed = stringMatches(d, signature.confirmingStrings);
    if (confirmed.length) return { signature, matchedBy: `ids ${id} + ${describe(confirmed)}` };
  }
  for (const signature of IP_KVM_USB_SIGNATURES) {
    const distinctive = stringMatches(d, signature.distinctiveStrings);
    if (distinctive.length) return { signature, matchedBy: `${describe(distinctive)} (ids ${id} changed)` };
  }
  return undefined;
}

export const isLinuxGadget = (d: UsbDeviceFact) =>
  d.vendorId === LINUX_FOUNDATION_VENDOR_ID && !LINUX_ROOT_HUB_PRODUCT_IDS.includes(d.productId);

export function detectIpKvmUsb(facts: Facts, _policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const device of facts.usbDevices) {
    const match = matchSignature(device);
    const subject = usbSubject(device);
    if (match) {
      const { signature, matchedBy } = match;
      const context = signature.confidence === 'context';
      const evidence = { ...usbEvidence(device), kvm: signature.name, kvmId: signature.id, confidence: signature.confidence, matchedBy };
      if (device.historical) {
        findings.push(makeFinding('ip_kvm.usb_history', {
          subject,
          summary: `The OS remembers a previously attached ${signature.name} (${vidPid(device)})${context ? ', hardware also used by legitimate KVM switches' : ''}.`,
          evidence,
          ...(context ? { severity: 'medium' as const } : {}),
        }));
      } else {
        findings.push(makeFinding('ip_kvm.usb_descriptor_match', {
          subject,
          summary: context
            ? `A USB device presents the ids of ${signature.name} (${vidPid(device)}); such hardware is also used by legitimate KVM switches, so this is context.`
            : `A USB device presents the descriptors of a ${signature.name} IP-KVM (${matchedBy}).`,
          evidence,
          ...(context ? { severity: 'medium' as const } : {}),
        }));
      }
      continue;
    }
    if (isLinuxGadget(device)) {
      const evidence = { ...usbEvidence(device), matchedBy: `vendor ${LINUX_FOUNDATION_VENDOR_ID} (Linux Foundation) on a device that is not a root hub` };
      findings.push(device.historical
        ? makeFinding('ip_kvm.usb_history', {
          subject,
          summary: `The OS remembers a previously attached Linux USB gadget (${vidPid(device)}), the kind of device a Raspberry-Pi-based IP-KVM presents.`,
          evidence,
          severity: 'medium',
        })
        : makeFinding('ip_kvm.usb_gadget', {
          subject,
          summary: `A Linux USB gadget (${vidPid(device)}) is attached: a computer posing as a USB device, as Raspberry-Pi-based IP-KVMs do.`,
          evidence,
        }));
    }
  }
  return findings;
}
