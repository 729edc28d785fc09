// Virtual media by SCSI inquiry strings.
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { StorageDeviceFact } from '../../../shared/index.js';
import { detectIpKvmStorage } from '../../../agent/detect/ip-kvm-storage.js';
import { buildFacts, DEFAULT_POLICY, usb } from './facts-builder.js';

const lun = (vendor: string, model: string, kind: StorageDeviceFact['kind'] = 'cdrom', usbLocation = '1-2'): StorageDeviceFact =>
  ({ usbLocation, vendor, model, revision: '1.00', kind, removable: true });

function check(storageDevices: StorageDeviceFact[]) {
  const usbDevices = [usb('1d6b:0104', { location: '1-2', manufacturer: 'Acme', product: 'Composite', interfaces: ['03/01/01', '08/06/50'] })];
  const findings = detectIpKvmStorage(buildFacts({ usbDevices, storageDevices }), DEFAULT_POLICY);
  for (const f of findings) Finding.parse(f);
  return findings;
}

describe('IP-KVM virtual media inquiry strings', () => {
  it.each([
    ['PiKVM', 'Optical Drive', 'pikvm'],
    ['pikvm', 'flash drive', 'pikvm'],
    ['JetKVM', 'Virtual Media', 'jetkvm'],
  ])('%s %s is a known KVM (critical)', (vendor, model, kvmId) => {
    const findings = check([lun(vendor, model)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      signal: 'ip_kvm.usb_descriptor_match', severity: 'critical', subject: `${vendor} ${model} 1.00 (cdrom) on Acme Composite (1d6b:0104)`,
      evidence: { kvmId, scsiVendor: vendor, scsiModel: model, storageKind: 'cdrom', usbLocation: '1-2', vendorProduct: '1d6b:0104' },
    });
  });

  it.each([['File-CD Gadget', 'cdrom'], ['File-Stor Gadget', 'disk']] as const)('Linux %s is a USB gadget (high)', (model, kind) => {
    const [finding] = check([lun('Linux', model, kind)]);
    expect(finding).toMatchObject({ signal: 'ip_kvm.usb_gadget', severity: 'high', evidence: { kvmId: 'linux-gadget', storageKind: kind } });
  });

  it('reports virtual media the OS only remembers as history, not as present', () => {
    const [kvm] = check([{ ...lun('JetKVM', 'Virtual Media'), historical: true }]);
    expect(kvm).toMatchObject({ signal: 'ip_kvm.usb_history', severity: 'high', evidence: { kvmId: 'jetkvm', historical: true } });
    const [gadget] = check([{ ...lun('Linux', 'File-CD Gadget'), historical: true }]);
    expect(gadget).toMatchObject({ signal: 'ip_kvm.usb_history', severity: 'medium', evidence: { kvmId: 'linux-gadget' } });
  });

  it('names a LUN without a known USB parent by its inquiry strings', () => {
    const [finding] = check([lun('PiKVM', 'Optical Drive', 'cdrom', '9-9')]);
    expect(finding!.subject).toBe('PiKVM Optical Drive 1.00 (cdrom)');
  });

  it.each([
    ['SanDisk flash drive', lun('SanDisk', 'Ultra Fit', 'disk')],
    ['USB DVD writer', lun('HL-DT-ST', 'DVDRAM GP57EB40')],
    ['SD card reader', lun('Generic-', 'SD/MMC', 'disk')],
    ['PiKVM vendor with another model', lun('PiKVM', 'Something Else')],
    ['Linux vendor with another model', lun('Linux', 'Custom Disk', 'disk')],
    ['no strings', { kind: 'disk' } as StorageDeviceFact],
  ])('ignores %s', (_label, device) => {
    expect(check([device])).toEqual([]);
  });
});
