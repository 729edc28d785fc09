// IP-KVM virtual media by its SCSI inquiry strings: PiKVM's `PiKVM Optical Drive`, JetKVM's
// `JetKVM Virtual Media` (ip_kvm.usb_descriptor_match), and the Linux mass-storage gadget
// default `Linux File-CD Gadget` that TinyPilot and most Pi-based devices keep (ip_kvm.usb_gadget).
// Inquiry strings are set apart from the USB strings, so they often survive a relabelled device.
import type { Facts, Finding, Policy, StorageDeviceFact, UsbDeviceFact } from '../../shared/index.js';
import { IP_KVM_INQUIRY_SIGNATURES } from '../catalogues/ip-kvm.js';
import type { IpKvmInquirySignature } from '../catalogues/ip-kvm.js';
import { makeFinding } from './finding.js';
import { sameText, usbEvidence, usbSubject } from './usb.js';

export const inquiryLabel = (s: StorageDeviceFact) => [s.vendor, s.model, s.revision].filter(Boolean).join(' ');

export function matchInquiry(s: StorageDeviceFact): IpKvmInquirySignature | undefined {
  return IP_KVM_INQUIRY_SIGNATURES.find((sig) => sameText(s.vendor, sig.vendor) && sig.models.some((m) => sameText(s.model, m)));
}

export function detectIpKvmStorage(facts: Facts, _policy: Policy): Finding[] {
  const usbByLocation = new Map<string, UsbDeviceFact>();
  for (const d of facts.usbDevices) if (d.location !== undefined && !d.historical) usbByLocation.set(d.location, d);
  const findings: Finding[] = [];
  for (const storage of facts.storageDevices) {
    const signature = matchInquiry(storage);
    if (!signature) continue;
    const usb = storage.usbLocation !== undefined ? usbByLocation.get(storage.usbLocation) : undefined;
    const label = inquiryLabel(storage);
    const subject = `${label} (${storage.kind})${usb ? ` on ${usbSubject(usb)}` : ''}`;
    const evidence = {
      ...(usb ? usbEvidence(usb) : {}),
      scsiVendor: storage.vendor,
      scsiModel: storage.model,
      scsiRevision: storage.revision,
      storageKind: storage.kind,
      removable: storage.removable,
      usbLocation: storage.usbLocation,
      kvm: signature.name,
      kvmId: signature.id,
      matchedBy: `SCSI inquiry "${storage.vendor ?? ''}" / "${storage.model ?? ''}"`,
    };
    if (storage.historical) {
      // Windows keeps USBSTOR entries of drives seen before: the KVM was attached, maybe not now.
      findings.push(makeFinding('ip_kvm.usb_history', {
        subject,
        summary: `The OS remembers a ${storage.kind === 'cdrom' ? 'CD-ROM' : 'storage device'} with ${signature.confidence === 'kvm' ? `${signature.name}'s virtual-media strings` : 'the Linux USB gadget default strings'} ("${label}"): an IP-KVM was attached before.`,
        evidence: { ...evidence, historical: true },
        ...(signature.confidence === 'kvm' ? {} : { severity: 'medium' as const }),
      }));
      continue;
    }
    findings.push(signature.confidence === 'kvm'
      ? makeFinding('ip_kvm.usb_descriptor_match', {
        subject,
        summary: `A ${storage.kind === 'cdrom' ? 'CD-ROM' : 'storage device'} answers SCSI inquiry with ${signature.name}'s virtual-media strings ("${label}").`,
        evidence,
      })
      : makeFinding('ip_kvm.usb_gadget', {
        subject,
        summary: `A ${storage.kind === 'cdrom' ? 'CD-ROM' : 'storage device'} answers SCSI inquiry with the Linux USB gadget default ("${label}"): a computer posing as a USB drive, as Raspberry-Pi-based IP-KVMs (TinyPilot) do.`,
        evidence,
      }));
  }
  return findings;
}
