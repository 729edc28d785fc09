import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { UsbDeviceFact } from '../../../shared/index.js';
import { detectIpKvmStructure } from '../../../agent/detect/ip-kvm-structure.js';
import { detectIpKvmUsb } from '../../../agent/detect/ip-kvm-usb.js';
import { buildFacts, DEFAULT_POLICY, usb } from './facts-builder.js';

const KVM_INTERFACES = ['03/01/01', '03/00/00', '08/06/50'];

function check(fn: typeof detectIpKvmUsb, devices: UsbDeviceFact[]) {
  const findings = fn(buildFacts({ usbDevices: devices }), DEFAULT_POLICY);
  for (const f of findings) Finding.parse(f);
  return findings;
}
const usbCheck = (...devices: UsbDeviceFact[]) => check(detectIpKvmUsb, devices);
const structureCheck = (...devices: UsbDeviceFact[]) => check(detectIpKvmStructure, devices);

// Devices an ordinary laptop has: none may produce an IP-KVM finding.
const ORDINARY: Record<string, UsbDeviceFact> = {
  'root hub 2.0': usb('1d6b:0002', { manufacturer: 'Linux 6.8.0 xhci-hcd', product: 'xHCI Host Controller', deviceClass: '09', interfaces: ['09/00/00'] }),
  'root hub 3.0': usb('1d6b:0003', { manufacturer: 'Linux 6.8.0 xhci-hcd', product: 'xHCI Host Controller', deviceClass: '09', interfaces: ['09/00/03'] }),
  'root hub 1.1': usb('1d6b:0001', { deviceClass: '09', interfaces: ['09/00/00'] }),
  'Logitech Unifying receiver': usb('046d:c52b', { manufacturer: 'Logitech', product: 'USB Receiver', interfaces: ['03/01/01', '03/01/02', '03/00/00'] }),
  'USB hub': usb('05e3:0610', { manufacturer: 'GenesysLogic', product: 'USB2.1 Hub', deviceClass: '09', interfaces: ['09/00/02'] }),
  'webcam': usb('046d:085e', { manufacturer: 'Logitech', product: 'Logitech BRIO', interfaces: ['0e/01/00', '0e/02/00', '01/01/00', '01/02/00', '03/00/00'] }),
  'dock hub': usb('413c:b06e', { manufacturer: 'Dell Inc.', product: 'Dell dock', deviceClass: '09', interfaces: ['09/00/00'] }),
  'dock ethernet': usb('0bda:8153', { manufacturer: 'Realtek', product: 'USB 10/100/1000 LAN', interfaces: ['ff/ff/00', '02/06/00', '0a/00/00'] }),
  'dock audio': usb('0bda:402e', { manufacturer: 'Generic', product: 'USB Audio', interfaces: ['01/01/00', '01/02/00', '01/02/00', '03/00/00'] }),
  'keyboard with card reader': usb('04d9:1702', { product: 'USB Keyboard', interfaces: ['03/01/01', '08/06/50'] }),
  'flash drive': usb('0781:5583', { manufacturer: 'SanDisk', product: 'Ultra Fit', interfaces: ['08/06/50'] }),
};

describe('IP-KVM USB descriptors', () => {
  it('matches a PiKVM by ids and strings, with the exact evidence', () => {
    const pikvm = usb('1d6b:0104', { manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE', bcdDevice: '0100', location: '1-2', interfaces: KVM_INTERFACES });
    const [finding, ...rest] = usbCheck(pikvm);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      signal: 'ip_kvm.usb_descriptor_match', category: 'ip_kvm', severity: 'critical', subject: 'PiKVM Composite Device (1d6b:0104)',
      evidence: {
        vendorProduct: '1d6b:0104', manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE', bcdDevice: '0100', location: '1-2',
        interfaces: KVM_INTERFACES, kvm: 'PiKVM', kvmId: 'pikvm', confidence: 'kvm', previouslyAttached: false,
      },
    });
    expect(finding!.evidence.matchedBy).toBe('ids 1d6b:0104 + manufacturer=PiKVM, product=PiKVM Composite Device, serial=CAFEBABE');
  });

  it.each([
    ['PiKVM before Feb 2025', usb('1d6b:0104', { product: 'Composite KVM Device', serial: 'CAFEBABE' }), 'pikvm'],
    ['PiKVM Pico HID', usb('1209:eda2', { manufacturer: 'PiKVM', product: 'PiKVM HID' }), 'pikvm-pico-hid'],
    ['PiKVM Pico HID bridge, no strings', usb('1209:eda3'), 'pikvm-pico-hid'],
    ['TinyPilot', usb('1d6b:0104', { manufacturer: 'tinypilot', product: 'Multifunction USB Device', serial: '6b65796d696d6570690' }), 'tinypilot'],
    ['TinyPilot, serial only (manufacturer changed)', usb('1d6b:0104', { manufacturer: 'Acme', serial: '6b65796d696d6570690' }), 'tinypilot'],
    ['JetKVM', usb('1d6b:0104', { manufacturer: 'JetKVM', product: 'USB Emulation Device' }), 'jetkvm'],
    ['JetKVM, long product name', usb('1d6b:0104', { product: 'JetKVM USB Emulation Device' }), 'jetkvm'],
    ['PiKVM strings on changed ids', usb('1209:0001', { manufacturer: 'pikvm', product: 'Keyboard' }), 'pikvm'],
  ])('%s', (_label, device, kvmId) => {
    const findings = usbCheck(device);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'ip_kvm.usb_descriptor_match', severity: 'critical', evidence: { kvmId, vendorProduct: `${device.vendorId}:${device.productId}` } });
  });

  it.each([['0557:2419', 'aten'], ['14dd:1007', 'raritan'], ['0624:0248', 'avocent'], ['0624:0251', 'avocent']])(
    'reports server-KVM hardware %s as medium-severity context',
    (ids, kvmId) => {
      const findings = usbCheck(usb(ids, { interfaces: ['03/01/01', '03/01/02'] }));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ signal: 'ip_kvm.usb_descriptor_match', severity: 'medium', evidence: { kvmId, confidence: 'context' } });
      expect(findings[0]!.summary).toMatch(/context/);
    },
  );

  it('reports a Linux USB gadget that is not a known KVM', () => {
    const findings = usbCheck(usb('1d6b:0104', { manufacturer: 'Raspberry Pi', product: 'Composite Gadget', interfaces: ['03/01/01'] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'ip_kvm.usb_gadget', severity: 'high', subject: 'Raspberry Pi Composite Gadget (1d6b:0104)', evidence: { vendorProduct: '1d6b:0104' } });
  });

  it('does not also report a known KVM as a gadget', () => {
    const findings = usbCheck(usb('1d6b:0104', { manufacturer: 'PiKVM' }));
    expect(findings.map((f) => f.signal)).toEqual(['ip_kvm.usb_descriptor_match']);
  });

  it('turns remembered devices into usb_history', () => {
    const findings = usbCheck(
      usb('1d6b:0104', { manufacturer: 'PiKVM', historical: true }),
      usb('1d6b:0104', { serial: '0123', historical: true }),
    );
    expect(findings.map((f) => [f.signal, f.severity, f.evidence.previouslyAttached])).toEqual([
      ['ip_kvm.usb_history', 'high', true],
      ['ip_kvm.usb_history', 'medium', true],
    ]);
  });

  it.each(Object.entries(ORDINARY))('ignores %s', (_label, device) => {
    expect(usbCheck(device)).toEqual([]);
    expect(structureCheck(device)).toEqual([]);
  });
});

describe('IP-KVM USB structure', () => {
  it('flags one device bundling keyboard, pointer and mass storage', () => {
    const findings = structureCheck(usb('1209:0001', { manufacturer: 'Acme', product: 'Composite', interfaces: ['03/01/01', '03/00/00', '03/01/02', '08/06/50'] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      signal: 'ip_kvm.composite_structure', severity: 'high', subject: 'Acme Composite (1209:0001)',
      evidence: { keyboardInterface: '03/01/01', pointerInterface: '03/00/00', storageInterface: '08/06/50', vendorProduct: '1209:0001' },
    });
  });

  it('flags the structure under a keyboard brand\'s vendor id as a relabelled device', () => {
    const findings = structureCheck(usb('046d:c31c', { manufacturer: 'Logitech', product: 'USB Keyboard', interfaces: ['03/01/01', '03/01/02', '08/06/50'] }));
    expect(findings.map((f) => f.signal)).toEqual(['ip_kvm.relabelled_device']);
    expect(findings[0]).toMatchObject({ severity: 'critical', evidence: { claimedBrand: 'Logitech', claimedVia: 'vendor id 046d' } });
  });

  it.each([['045e:07a5', 'Microsoft'], ['413c:2113', 'Dell']])('relabelled %s -> %s', (ids, brand) => {
    const [finding] = structureCheck(usb(ids, { interfaces: KVM_INTERFACES }));
    expect(finding).toMatchObject({ signal: 'ip_kvm.relabelled_device', evidence: { claimedBrand: brand } });
  });

  it('flags a brand claimed only in the strings', () => {
    const [finding] = structureCheck(usb('1d6b:0104', { manufacturer: 'Dell Inc.', product: 'Dell KB216 Wired Keyboard', interfaces: KVM_INTERFACES }));
    expect(finding).toMatchObject({ signal: 'ip_kvm.relabelled_device', evidence: { claimedBrand: 'Dell', claimedVia: 'manufacturer "Dell Inc."' } });
  });

  it('ignores remembered devices (their interfaces are not known)', () => {
    expect(structureCheck(usb('1209:0001', { interfaces: KVM_INTERFACES, historical: true }))).toEqual([]);
  });
});
