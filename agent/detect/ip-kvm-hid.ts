// IP-KVMs by their pointer: a Generic-Desktop mouse that reports absolute X/Y (logical 0..32767
// is typical) lets a remote operator click where they see. Real mice are relative; tablets and
// touchscreens are digitizers (page 0x0D) and are not reported. One finding per USB device; the
// structure check (ip-kvm-structure.ts) weighs it together with a keyboard and storage.
import type { Facts, Finding, HidDeviceFact, Policy, UsbDeviceFact } from '../../shared/index.js';
import { makeFinding } from './finding.js';
import { hidView } from './hid.js';
import { usbEvidence, usbSubject } from './usb.js';

const hidIds = (h: HidDeviceFact) => (h.vendorId && h.productId ? `${h.vendorId}:${h.productId}` : undefined);

function subjectOf(h: HidDeviceFact, usb: UsbDeviceFact | undefined): string {
  if (usb) return usbSubject(usb);
  const ids = hidIds(h);
  return `${h.name ?? 'HID device'}${ids ? ` (${ids})` : ''}`;
}

export function detectIpKvmHid(facts: Facts, _policy: Policy): Finding[] {
  const usbByLocation = new Map(facts.usbDevices.filter((d) => d.location !== undefined && !d.historical).map((d) => [d.location as string, d]));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const device of facts.hidDevices) {
    const { capabilities } = hidView(device);
    if (!capabilities.absolutePointer) continue;
    const key = device.usbLocation ?? `${hidIds(device) ?? ''}|${device.name ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const usb = device.usbLocation !== undefined ? usbByLocation.get(device.usbLocation) : undefined;
    const subject = subjectOf(device, usb);
    findings.push(makeFinding('ip_kvm.absolute_pointer', {
      subject,
      summary: `${subject} presents a mouse with absolute X/Y coordinates (logical ${capabilities.absoluteRange ?? '?'}), as IP-KVMs do; real mice report relative movement.`,
      evidence: {
        ...(usb ? usbEvidence(usb) : {}),
        hidVendorProduct: hidIds(device),
        hidName: device.name,
        usbLocation: device.usbLocation,
        absoluteRange: capabilities.absoluteRange,
      },
    }));
  }
  return findings;
}
