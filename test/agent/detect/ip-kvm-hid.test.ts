// Absolute pointers (ip_kvm.absolute_pointer) and the structure check joined with HID report
// descriptors and SCSI LUNs at the same USB location.
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { Facts, HidDeviceFact, StorageDeviceFact, UsbDeviceFact } from '../../../shared/index.js';
import { detectIpKvmHid } from '../../../agent/detect/ip-kvm-hid.js';
import { detectIpKvmStructure } from '../../../agent/detect/ip-kvm-structure.js';
import { ABSOLUTE_MOUSE, BOOT_KEYBOARD, LOGITECH_RECEIVER_MOUSE, RELATIVE_MOUSE, TOUCHPAD, VENDOR_HIDPP } from '../probes/helpers/hid-descriptors.js';
import { buildFacts, DEFAULT_POLICY, usb } from './facts-builder.js';

const hid = (usbLocation: string | undefined, descriptor: Buffer | string, extra: Partial<HidDeviceFact> = {}): HidDeviceFact => ({
  ...(usbLocation ? { usbLocation } : {}), reportDescriptorHex: typeof descriptor === 'string' ? descriptor : descriptor.toString('hex'), ...extra,
});
const cdrom = (usbLocation: string, vendor = 'Generic', model = 'CD-ROM'): StorageDeviceFact => ({ usbLocation, vendor, model, kind: 'cdrom', removable: true });

function run(check: (facts: Facts, policy: typeof DEFAULT_POLICY) => Finding[], parts: { usbDevices?: UsbDeviceFact[]; hidDevices?: HidDeviceFact[]; storageDevices?: StorageDeviceFact[] }) {
  const findings = check(buildFacts(parts), DEFAULT_POLICY);
  for (const f of findings) Finding.parse(f);
  return findings;
}

describe('ip_kvm.absolute_pointer', () => {
  it('reports a USB device with an absolute Generic-Desktop mouse, once per device, joined with its USB identity', () => {
    const findings = run(detectIpKvmHid, {
      usbDevices: [usb('1209:0001', { location: '1-2', manufacturer: 'Acme', product: 'HID', interfaces: ['03/01/01', '03/00/00', '03/00/00'] })],
      hidDevices: [hid('1-2', BOOT_KEYBOARD), hid('1-2', ABSOLUTE_MOUSE, { vendorId: '1209', productId: '0001' }), hid('1-2', ABSOLUTE_MOUSE)],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      signal: 'ip_kvm.absolute_pointer', severity: 'medium', subject: 'Acme HID (1209:0001)',
      evidence: { vendorProduct: '1209:0001', usbLocation: '1-2', absoluteRange: '0..32767', hidVendorProduct: '1209:0001' },
    });
  });

  it('names a HID device without a USB parent by its own ids', () => {
    const [finding] = run(detectIpKvmHid, { hidDevices: [hid(undefined, ABSOLUTE_MOUSE, { vendorId: '1d6b', productId: '0104', name: 'BT KVM' })] });
    expect(finding).toMatchObject({ subject: 'BT KVM (1d6b:0104)', evidence: { hidName: 'BT KVM' } });
  });

  it.each([
    ['relative mouse', RELATIVE_MOUSE],
    ['Logitech receiver mouse', LOGITECH_RECEIVER_MOUSE],
    ['touchpad (digitizer)', TOUCHPAD],
    ['keyboard', BOOT_KEYBOARD],
    ['vendor collection', VENDOR_HIDPP],
    ['unparseable descriptor', '0526'],
  ])('ignores a %s', (_label, descriptor) => {
    expect(run(detectIpKvmHid, { hidDevices: [hid('1-3', descriptor)] })).toEqual([]);
  });

  it('ignores Windows-style facts that carry only top-level usages', () => {
    expect(run(detectIpKvmHid, { hidDevices: [{ usbLocation: '1-2', usages: [{ page: 1, usage: 2 }] }] })).toEqual([]);
  });
});

describe('IP-KVM structure joined with HID descriptors and SCSI LUNs', () => {
  const composite = (vendorProduct: string, extra: Parameters<typeof usb>[1] = {}) =>
    usb(vendorProduct, { location: '1-2', interfaces: ['03/01/01', '03/00/00'], ...extra });

  it('a keyboard plus an absolute pointer on one device is KVM structure even without storage', () => {
    const findings = run(detectIpKvmStructure, {
      usbDevices: [composite('1209:0001', { manufacturer: 'Acme', product: 'Composite' })],
      hidDevices: [hid('1-2', BOOT_KEYBOARD), hid('1-2', ABSOLUTE_MOUSE)],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      signal: 'ip_kvm.composite_structure', severity: 'high',
      evidence: { absolutePointer: true, absoluteRange: '0..32767', cdrom: false, functions: ['a keyboard', 'an absolute pointer (0..32767)'] },
    });
  });

  it('a keyboard plus a CD-ROM LUN is KVM structure', () => {
    const findings = run(detectIpKvmStructure, {
      usbDevices: [usb('1209:0002', { location: '1-2', interfaces: ['03/01/01', '08/02/50'] })],
      storageDevices: [cdrom('1-2')],
    });
    expect(findings.map((f) => [f.signal, f.evidence.cdrom, f.evidence.functions])).toEqual([['ip_kvm.composite_structure', true, ['a keyboard', 'a CD-ROM']]]);
  });

  it('finds the keyboard in the HID descriptor when the interface is not a boot keyboard', () => {
    const findings = run(detectIpKvmStructure, {
      usbDevices: [usb('1209:0003', { location: '3-1', interfaces: ['03/00/00', '03/00/00'] })],
      hidDevices: [hid('3-1', BOOT_KEYBOARD), hid('3-1', ABSOLUTE_MOUSE)],
    });
    expect(findings.map((f) => f.signal)).toEqual(['ip_kvm.composite_structure']);
  });

  it.each([
    ['Logitech', usb('046d:c52b', { location: '1-2', manufacturer: 'Logitech', product: 'USB Receiver', interfaces: ['03/01/01', '03/00/00'] }), 'vendor id 046d'],
    ['Microsoft', usb('045e:07a5', { location: '1-2', interfaces: ['03/01/01', '03/00/00'] }), 'vendor id 045e'],
    ['Dell', usb('1d6b:0104', { location: '1-2', manufacturer: 'Dell', product: 'Dell KB216', interfaces: ['03/01/01', '03/00/00'] }), 'manufacturer "Dell"'],
  ])('a device claiming %s with an absolute pointer and keyboard is relabelled (critical)', (brand, device, via) => {
    const findings = run(detectIpKvmStructure, { usbDevices: [device], hidDevices: [hid('1-2', BOOT_KEYBOARD), hid('1-2', ABSOLUTE_MOUSE)] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'ip_kvm.relabelled_device', severity: 'critical', evidence: { claimedBrand: brand, claimedVia: via, absolutePointer: true } });
  });

  it('a Logitech receiver with a CD-ROM is relabelled', () => {
    const findings = run(detectIpKvmStructure, {
      usbDevices: [usb('046d:c52b', { location: '1-2', manufacturer: 'Logitech', product: 'USB Receiver', interfaces: ['03/01/01', '08/06/50'] })],
      storageDevices: [cdrom('1-2', 'Logitech', 'USB Receiver')],
    });
    expect(findings.map((f) => [f.signal, f.severity])).toEqual([['ip_kvm.relabelled_device', 'critical']]);
  });

  it.each([
    ['a real Logitech receiver (relative mouse, HID++)', usb('046d:c52b', { location: '1-3', manufacturer: 'Logitech', product: 'USB Receiver', interfaces: ['03/01/01', '03/01/02', '03/00/00'] }),
      [hid('1-3', BOOT_KEYBOARD), hid('1-3', LOGITECH_RECEIVER_MOUSE), hid('1-3', VENDOR_HIDPP)], []],
    ['a keyboard with a card reader (disk, no pointer)', usb('04d9:1702', { location: '1-3', interfaces: ['03/01/01', '08/06/50'] }),
      [hid('1-3', BOOT_KEYBOARD)], [{ usbLocation: '1-3', vendor: 'Generic', model: 'SD Card Reader', kind: 'disk' as const, removable: true }]],
    ['a keyboard with a touchpad (digitizer)', usb('17ef:60e1', { location: '1-3', manufacturer: 'Lenovo', product: 'TrackPoint Keyboard', interfaces: ['03/01/01', '03/00/00'] }),
      [hid('1-3', BOOT_KEYBOARD), hid('1-3', TOUCHPAD)], []],
    ['an absolute pointer on another device than the keyboard', usb('04d9:1702', { location: '1-3', interfaces: ['03/01/01'] }),
      [hid('1-3', BOOT_KEYBOARD), hid('1-4', ABSOLUTE_MOUSE)], [cdrom('1-5')]],
  ])('ignores %s', (_label, device, hidDevices, storageDevices) => {
    expect(run(detectIpKvmStructure, { usbDevices: [device], hidDevices, storageDevices })).toEqual([]);
  });
});
