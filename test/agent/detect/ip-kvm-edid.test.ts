// EDID checks: known IP-KVM capture identities (critical) and KVM-like anomalies on external
// displays. The ordinary monitors are constructed with encodeEdid from real-world ids (Dell
// U2419H DEL 0xa0c6, LG 27UL850 GSM 0x7707, Samsung C27F390 SAM 0x0d33, Apple MacBook panel APP
// 0xa045, BOE NE140WUM panel BOE 0x0bca); they are not dumps of those devices.
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { DisplayFact } from '../../../shared/index.js';
import { detectIpKvmEdid } from '../../../agent/detect/ip-kvm-edid.js';
import { encodeEdid } from '../probes/helpers/edid.js';
import type { EdidSpec } from '../probes/helpers/edid.js';
import { buildFacts, DEFAULT_POLICY } from './facts-builder.js';

const hex = (spec: EdidSpec) => encodeEdid(spec).toString('hex');
const external = (spec: EdidSpec, extra: Partial<DisplayFact> = {}): DisplayFact => ({ connector: 'card1-HDMI-A-1', connected: true, edidHex: hex(spec), ...extra });

function check(...displays: DisplayFact[]) {
  const findings = detectIpKvmEdid(buildFacts({ displays }), DEFAULT_POLICY);
  for (const f of findings) Finding.parse(f);
  return findings;
}

const base = { serialNumber: 0x12345678, widthCm: 60, heightCm: 34, year: 2022 };

describe('IP-KVM EDID match', () => {
  it.each([
    ['PiKVM v0-v2', { manufacturer: 'LNX', productCode: 0x7770, serialNumber: 0x01010101, name: 'PiKVM', serialText: 'CAFEBABE', widthCm: 53, heightCm: 30 }, 'pikvm', 'LNX 0x7770'],
    ['PiKVM v3', { manufacturer: 'LNX', productCode: 0x7771, serialNumber: 0x01010101, name: 'PiKVM V3', widthCm: 53, heightCm: 30 }, 'pikvm', 'LNX 0x7771'],
    ['PiKVM v4 mini', { manufacturer: 'LNX', productCode: 0x7772, serialNumber: 0x01010101, name: 'PiKVM V4 Mini', widthCm: 53, heightCm: 30 }, 'pikvm', 'LNX 0x7772'],
    ['PiKVM v4 plus', { manufacturer: 'LNX', productCode: 0x7773, serialNumber: 0x01010101, name: 'PiKVM V4 Plus', widthCm: 53, heightCm: 30 }, 'pikvm', 'LNX 0x7773'],
    ['PiKVM by name on other ids', { manufacturer: 'DEL', productCode: 0x1234, serialNumber: 1, name: 'PiKVM', widthCm: 53, heightCm: 30 }, 'pikvm', 'monitor name "PiKVM"'],
    ['TinyPilot', { manufacturer: 'TSB', productCode: 0x9876, serialNumber: 0x88888800, name: 'TinyPilot', widthCm: 0, heightCm: 0 }, 'tinypilot', 'TSB 0x9876 + serial 0x88888800'],
    ['JetKVM', { manufacturer: 'TSB', productCode: 0x8801, serialNumber: 0x88888800, name: 'T749-fHD720', widthCm: 0, heightCm: 0 }, 'jetkvm', 'TSB 0x8801 + serial 0x88888800'],
    ['JetKVM by name only', { manufacturer: 'GSM', productCode: 0x7707, serialNumber: 5, name: 'T749-fHD720', widthCm: 60, heightCm: 34 }, 'jetkvm', 'monitor name "T749-fHD720"'],
    ['generic TC358743', { manufacturer: 'TSB', productCode: 0x1234, serialNumber: 0x88888800, name: 'HDMI', widthCm: 0, heightCm: 0 }, 'tc358743', 'TSB 0x1234 + serial 0x88888800 + 0x0 cm'],
  ])('%s', (_label, spec, kvmId, matchedBy) => {
    const findings = check(external(spec));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'ip_kvm.edid_match', severity: 'critical', evidence: { kvmId, matchedBy, connector: 'card1-HDMI-A-1' } });
  });

  it('reports a KVM display the OS only remembers (disconnected) as history', () => {
    const tinypilot = { manufacturer: 'TSB', productCode: 0x9876, serialNumber: 0x88888800, name: 'TinyPilot', widthCm: 0, heightCm: 0 };
    const [finding, ...rest] = check(external(tinypilot, { connected: false }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ signal: 'ip_kvm.usb_history', severity: 'high', evidence: { kvmId: 'tinypilot', connected: false } });
  });

  it('does not match a Toshiba display that only shares the vendor', () => {
    expect(check(external({ manufacturer: 'TSB', productCode: 0x8801, serialNumber: 0x00c0ffee, name: 'TOSHIBA-TV', widthCm: 100, heightCm: 56 }))).toEqual([]);
  });
});

describe('IP-KVM EDID anomalies', () => {
  it.each([
    ['no physical size', { manufacturer: 'ACR', productCode: 0x0001, name: 'Capture', ...base, widthCm: 0, heightCm: 0 }, 'no physical size (0x0 cm)'],
    ['TC358743 serial on other ids', { manufacturer: 'ACR', productCode: 0x0001, name: 'Capture', ...base, serialNumber: 0x88888800 }, 'placeholder serial 0x88888800 (TC358743 capture bridge default)'],
    ['CAFEBABE serial string', { manufacturer: 'DEL', productCode: 0xa0c6, name: 'DELL U2419H', ...base, serialText: 'CAFEBABE' }, 'placeholder serial string "CAFEBABE"'],
    ['virtual display LNX0000', { manufacturer: 'LNX', productCode: 0x0000, name: 'Generic', ...base }, 'virtual display driver identity (LNX 0x0000 "Generic"), as remote-access tools install'],
  ])('%s is medium', (_label, spec, reason) => {
    const findings = check(external(spec));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'ip_kvm.edid_anomaly', severity: 'medium' });
    expect(findings[0]!.evidence.anomalies).toEqual([reason]);
  });

  it('lists every anomaly of one display in one finding', () => {
    const [finding] = check(external({ manufacturer: 'ACR', productCode: 1, name: 'X', ...base, serialNumber: 0x01010101, serialText: 'DEADBEEF', widthCm: 0, heightCm: 0 }));
    expect(finding).toMatchObject({ severity: 'medium', evidence: { sizeCm: '0x0', serialNumber: '0x01010101', serialText: 'DEADBEEF' } });
    expect(finding!.evidence.anomalies).toHaveLength(3);
  });

  it('keeps weak anomalies alone (0x01010101 serial, bad checksum) at low', () => {
    const samsungTv = hex({ manufacturer: 'SAM', productCode: 0x0f00, name: 'SAMSUNG', ...base, serialNumber: 0x01010101 });
    const broken = Buffer.from(encodeEdid({ manufacturer: 'GSM', productCode: 0x7707, name: 'LG HDR 4K', ...base }));
    broken[30] = (broken[30] as number) ^ 0xff;
    const findings = check({ connector: 'card1-HDMI-A-1', connected: true, edidHex: samsungTv }, { connector: 'card1-DP-1', connected: true, edidHex: broken.toString('hex') });
    expect(findings.map((f) => [f.signal, f.severity, f.evidence.anomalies])).toEqual([
      ['ip_kvm.edid_anomaly', 'low', ['placeholder serial 0x01010101 (PiKVM default, also some TVs)']],
      ['ip_kvm.edid_anomaly', 'low', ['bad base-block checksum']],
    ]);
  });

  it('reports an unreadable EDID on an external display as low', () => {
    const [finding] = check({ connector: 'card1-HDMI-A-1', connected: true, edidHex: '00'.repeat(128) });
    expect(finding).toMatchObject({ signal: 'ip_kvm.edid_anomaly', severity: 'low', subject: 'display on card1-HDMI-A-1' });
    expect(String(finding!.evidence.anomalies)).toMatch(/header/);
  });

  it('never judges built-in panels, by flag or by connector name', () => {
    const zeroSizePanel = { manufacturer: 'BOE', productCode: 0x0bca, serialNumber: 0, name: 'NE140WUM-N62', widthCm: 0, heightCm: 0 };
    expect(check(
      external(zeroSizePanel, { connector: 'card0-eDP-1' }),
      external(zeroSizePanel, { connector: 'card0-LVDS-1' }),
      external(zeroSizePanel, { connector: 'card0-DSI-1' }),
      external(zeroSizePanel, { connector: 'Built-in Retina Display', internal: true }),
      { connector: 'card0-eDP-2', connected: true, edidHex: '00'.repeat(128) },
    )).toEqual([]);
  });

  it('ignores disconnected outputs and connectors without EDID', () => {
    expect(check(external({ manufacturer: 'ACR', productCode: 1, name: 'X', ...base, widthCm: 0, heightCm: 0 }, { connected: false }), { connector: 'card1-DP-1', connected: true })).toEqual([]);
  });

  it.each([
    ['Dell U2419H', { manufacturer: 'DEL', productCode: 0xa0c6, serialNumber: 0x30314c42, name: 'DELL U2419H', serialText: '7TQ5K93', widthCm: 53, heightCm: 30, week: 12, year: 2021 }],
    ['LG 27UL850', { manufacturer: 'GSM', productCode: 0x7707, serialNumber: 0x0001f8c1, name: 'LG HDR 4K', serialText: '005NTPC8K123', widthCm: 60, heightCm: 34, week: 5, year: 2020 }],
    ['Samsung C27F390', { manufacturer: 'SAM', productCode: 0x0d33, serialNumber: 0x4d593132, name: 'C27F390', serialText: 'HTQK400123', widthCm: 60, heightCm: 34, week: 40, year: 2019 }],
    ['Apple MacBook built-in panel (internal)', { manufacturer: 'APP', productCode: 0xa045, serialNumber: 0, name: 'Color LCD', widthCm: 30, heightCm: 19 }],
  ])('ignores an ordinary monitor: %s', (label, spec) => {
    expect(check(external(spec, label.startsWith('Apple') ? { connector: 'Color LCD', internal: true } : {}))).toEqual([]);
  });
});
