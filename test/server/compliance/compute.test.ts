// The pure compliance computation: devices + inventory + policy + SLA + now -> report.
import { describe, expect, it } from 'vitest';
import { computeCompliance, type ComplianceInput, type DeviceCompliance } from '../../../server/compliance/compute.js';
import { complianceSla } from '../../../server/compliance/sla.js';
import { toInventoryRecord, type InventoryRecordInput } from '../../../server/inventory/record.js';
import type { DeviceLatestReport } from '../../../server/store/compliance-store.js';
import { DEFAULT_POLICY, Policy, type Finding, type ProbeHealth } from '../../../shared/index.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const HOUR = 3_600_000;
const SLA = 24 * HOUR;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();

const finding = (signal: string, severity: Finding['severity'], subject: string): Finding => ({
  signal, category: signal.split('.')[0] as Finding['category'], severity, subject, summary: `${subject} seen`, evidence: {},
});
const HEALTHY: ProbeHealth[] = ['processes', 'usbDevices', 'interfaces', 'routes'].map((probe) => ({ probe, ok: true, durationMs: 3 }));

let n = 0;
function device(overrides: Partial<DeviceLatestReport> & { findings?: Finding[]; probes?: ProbeHealth[]; receivedHoursAgo?: number | null; scannedAt?: string } = {}): DeviceLatestReport {
  const { findings = [], probes = HEALTHY, receivedHoursAgo = 1, scannedAt, ...rest } = overrides;
  const id = String(++n).padStart(2, '0');
  const receivedAt = receivedHoursAgo === null ? null : ago(receivedHoursAgo);
  return {
    agentId: `00000000-0000-4000-8000-0000000000${id}`, hostname: `laptop-${id}`, serial: `SN-${id}`, platform: 'linux',
    enrolledAt: ago(24 * 30), lastSeenAt: receivedAt,
    latestReport: receivedAt === null ? null : { reportId: `r-${id}`, receivedAt, scannedAt: scannedAt ?? receivedAt, findings, probes },
    ...rest,
  };
}

const record = (input: Partial<InventoryRecordInput>) =>
  toInventoryRecord({ employeeId: 'E-1', employeeName: 'Ann Example', city: 'Austin', country: 'US', workMode: 'remote', ...input }, ago(48));

const compute = (input: Partial<ComplianceInput>) =>
  computeCompliance({ devices: [], inventory: [], policy: DEFAULT_POLICY, slaMs: SLA, now: NOW, ...input });
const only = (input: Partial<ComplianceInput>): DeviceCompliance => {
  const { devices } = compute(input);
  expect(devices).toHaveLength(1);
  return devices[0]!;
};
const statuses = (d: DeviceCompliance) => Object.fromEntries(d.rules.map((r) => [r.rule, r.status]));

describe('computeCompliance', () => {
  it('passes a clean device scanned within the SLA', () => {
    const d = device();
    const report = compute({ devices: [d] });
    expect(report.devices[0]).toEqual({
      status: 'pass', agentId: d.agentId, hostname: d.hostname, serial: d.serial, platform: 'linux', employeeId: null, employeeName: null,
      enrolledAt: d.enrolledAt, lastReportAt: ago(1), lastScanAt: ago(1), withinSla: true,
      rules: [
        { rule: 'scanned_within_sla', description: 'The device was scanned within the SLA.', status: 'pass', violations: [] },
        { rule: 'no_unsanctioned_remote_access', description: expect.any(String), status: 'pass', violations: [] },
        { rule: 'no_ip_kvm', description: expect.any(String), status: 'pass', violations: [] },
        { rule: 'no_vpn', description: expect.any(String), status: 'pass', violations: [] },
      ],
      reasons: [],
    });
    expect(report.summary).toEqual({
      devices: 1, enrolled: 1, neverSeen: 0, withinSla: 1, coveragePercent: 100, pass: 1, fail: 0, unknown: 0,
      failingByRule: { scanned_within_sla: 0, no_unsanctioned_remote_access: 0, no_ip_kvm: 0, no_vpn: 0 },
    });
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.slaMs).toBe(SLA);
  });

  it('fails a device whose last scan is older than the SLA, and one that never reported', () => {
    const stale = only({ devices: [device({ receivedHoursAgo: 30 })] });
    expect(stale).toMatchObject({ status: 'fail', withinSla: false, lastScanAt: ago(30) });
    expect(statuses(stale)).toEqual({ scanned_within_sla: 'fail', no_unsanctioned_remote_access: 'pass', no_ip_kvm: 'pass', no_vpn: 'pass' });
    expect(stale.reasons).toEqual([`scanned_within_sla: last scan 30 h ago (${ago(30)}); the SLA is 24 h`]);
    // Exactly at the SLA still counts.
    expect(only({ devices: [device({ receivedHoursAgo: 24 })] }).status).toBe('pass');

    const silent = device({ receivedHoursAgo: null });
    const never = only({ devices: [silent] });
    expect(never).toMatchObject({ status: 'fail', withinSla: false, lastReportAt: null, lastScanAt: null });
    expect(statuses(never)).toEqual({ scanned_within_sla: 'fail', no_unsanctioned_remote_access: 'unknown', no_ip_kvm: 'unknown', no_vpn: 'unknown' });
    expect(never.reasons).toEqual([`scanned_within_sla: no report since enrolment at ${silent.enrolledAt}`]);
  });

  it('takes the scan time, not the delivery time, and never a scan time later than the delivery', () => {
    const spooled = only({ devices: [device({ receivedHoursAgo: 1, scannedAt: ago(40) })] });
    expect(spooled).toMatchObject({ status: 'fail', lastReportAt: ago(1), lastScanAt: ago(40), withinSla: false });
    const clockAhead = only({ devices: [device({ receivedHoursAgo: 30, scannedAt: ago(-5) })] });
    expect(clockAhead).toMatchObject({ status: 'fail', lastScanAt: ago(30) });
  });

  it('fails an unsanctioned remote-access tool and passes a sanctioned one (reported as info)', () => {
    const rmm = only({ devices: [device({ findings: [finding('remote_access.process_running', 'high', 'AnyDesk'), finding('posture.mouse_jiggler', 'medium', 'jiggler')] })] });
    expect(rmm.status).toBe('fail');
    expect(rmm.rules[1]).toMatchObject({
      rule: 'no_unsanctioned_remote_access', status: 'fail',
      violations: [{ signal: 'remote_access.process_running', severity: 'high', subject: 'AnyDesk', summary: 'AnyDesk seen' }],
    });
    expect(rmm.reasons).toEqual(['no_unsanctioned_remote_access: remote_access.process_running AnyDesk (high)']);

    const sanctioned = only({ devices: [device({ findings: [finding('remote_access.process_running', 'info', 'TeamViewer')] })] });
    expect(sanctioned.status).toBe('pass');
    expect(sanctioned.reasons).toEqual([]);
  });

  it('fails an IP-KVM whatever its severity', () => {
    for (const severity of ['low', 'critical'] as const) {
      const kvm = only({ devices: [device({ findings: [finding('ip_kvm.usb_match', severity, 'PiKVM')] })] });
      expect(statuses(kvm).no_ip_kvm).toBe('fail');
      expect(kvm.reasons).toEqual([`no_ip_kvm: ip_kvm.usb_match PiKVM (${severity})`]);
    }
  });

  it('fails a VPN unless the policy allows VPNs', () => {
    const devices = [device({ findings: [finding('vpn.default_route_tunnel', 'medium', 'tun0')] })];
    expect(only({ devices })).toMatchObject({ status: 'fail', reasons: ['no_vpn: vpn.default_route_tunnel tun0 (medium)'] });
    const allowed = only({ devices, policy: Policy.parse({ schemaVersion: 1, vpn: { allowed: true } }) });
    expect(allowed.status).toBe('pass');
    expect(statuses(allowed).no_vpn).toBe('waived');
  });

  it('is unknown when a probe a rule needs failed, as the agent fails closed; unsupported probes do not count', () => {
    const probes: ProbeHealth[] = [
      { probe: 'processes', ok: false, durationMs: 15_000, timedOut: true },
      { probe: 'usbDevices', ok: false, durationMs: 0, unsupported: true },
    ];
    const blind = only({ devices: [device({ probes })] });
    expect(blind.status).toBe('unknown');
    expect(statuses(blind)).toEqual({ scanned_within_sla: 'pass', no_unsanctioned_remote_access: 'unknown', no_ip_kvm: 'pass', no_vpn: 'pass' });
    expect(blind.rules[1]!.failedProbes).toEqual(['processes']);
    expect(blind.reasons).toEqual(['no_unsanctioned_remote_access: not checked, the processes probe failed']);
    // A finding still decides the rule; a failure anywhere outweighs unknown.
    const found = only({ devices: [device({ probes, findings: [finding('remote_access.process_running', 'high', 'AnyDesk')] })] });
    expect(found.status).toBe('fail');
    expect(only({ devices: [device({ probes, receivedHoursAgo: 48 })] }).status).toBe('fail');
  });

  it('lists inventory records no device matches as never seen and counts them in coverage', () => {
    const bySerial = device({ serial: 'PF3ABC12', hostname: 'whatever' });
    const byHost = device({ serial: null, hostname: 'DESK-42' });
    const stale = device({ receivedHoursAgo: 100 });
    const report = compute({
      devices: [bySerial, byHost, stale],
      inventory: [
        record({ serial: 'pf3abc12', employeeId: 'E-100', employeeName: 'Jane Doe' }),
        record({ hostname: 'desk-42', employeeId: 'E-101', employeeName: 'John Roe' }),
        record({ serial: 'SN-LOST', employeeId: 'E-102', employeeName: 'Lee Lost' }),
        record({ hostname: 'ghost-7', employeeId: 'E-103', employeeName: 'Gus Ghost' }),
      ],
    });
    expect(report.devices.map((d) => [d.status, d.hostname ?? d.serial, d.employeeId])).toEqual([
      ['fail', stale.hostname, null],
      ['never_seen', 'SN-LOST', 'E-102'],
      ['never_seen', 'ghost-7', 'E-103'],
      ['pass', 'DESK-42', 'E-101'],
      ['pass', 'whatever', 'E-100'],
    ]);
    const lost = report.devices[1]!;
    expect(lost).toEqual({
      status: 'never_seen', agentId: null, hostname: null, serial: 'SN-LOST', platform: null, employeeId: 'E-102', employeeName: 'Lee Lost',
      enrolledAt: null, lastReportAt: null, lastScanAt: null, withinSla: false, rules: [],
      reasons: ['never_seen: in the inventory for E-102 (Lee Lost), but no enrolled agent matches its serial'],
    });
    expect(report.devices[2]!.reasons).toEqual(['never_seen: in the inventory for E-103 (Gus Ghost), but no enrolled agent matches its hostname']);
    expect(report.summary).toEqual({
      devices: 5, enrolled: 3, neverSeen: 2, withinSla: 2, coveragePercent: 40, pass: 2, fail: 1, unknown: 0,
      failingByRule: { scanned_within_sla: 1, no_unsanctioned_remote_access: 0, no_ip_kvm: 0, no_vpn: 0 },
    });
  });

  it('matches the inventory as the devices API does: a record keyed by another serial does not claim a device by hostname', () => {
    const d = device({ serial: 'SN-NEW', hostname: 'laptop-x' });
    const report = compute({ devices: [d], inventory: [record({ serial: 'SN-OLD', hostname: 'laptop-x', employeeId: 'E-9' })] });
    expect(report.devices.map((r) => [r.status, r.employeeId])).toEqual([['never_seen', 'E-9'], ['pass', null]]);
  });

  it('orders failing, unknown, never seen, passing; counts every rule; rounds coverage to a tenth', () => {
    const devices = [
      device({ hostname: 'b-pass' }),
      device({ hostname: 'a-pass' }),
      device({ hostname: 'c-unknown', probes: [{ probe: 'routes', ok: false, durationMs: 1 }] }),
      device({ hostname: 'd-fail', findings: [finding('ip_kvm.usb_match', 'critical', 'PiKVM'), finding('vpn.tunnel_interface', 'low', 'wg0')] }),
      device({ hostname: 'e-fail', receivedHoursAgo: 25, findings: [finding('vpn.tunnel_interface', 'low', 'wg0')] }),
      device({ hostname: 'f-never', receivedHoursAgo: null }),
    ];
    const report = compute({ devices });
    expect(report.devices.map((d) => d.hostname)).toEqual(['d-fail', 'e-fail', 'f-never', 'c-unknown', 'a-pass', 'b-pass']);
    expect(report.summary).toMatchObject({
      devices: 6, withinSla: 4, coveragePercent: 66.7, pass: 2, fail: 3, unknown: 1,
      failingByRule: { scanned_within_sla: 2, no_unsanctioned_remote_access: 0, no_ip_kvm: 1, no_vpn: 2 },
    });
  });

  it('has no coverage figure when no device is known', () => {
    expect(compute({}).summary).toMatchObject({ devices: 0, coveragePercent: null });
  });
});

describe('complianceSla', () => {
  it("defaults to the silence threshold of the policy's schedule, and FARMWATCH_COMPLIANCE_SLA_HOURS overrides it", () => {
    // 3 x (4 h cron gap + 300 s splay) = 12.25 h, as the silent-agents job computes it.
    expect(complianceSla(DEFAULT_POLICY, { silentAfterFactor: 3 })).toEqual({ ms: 12.25 * HOUR, source: 'policy' });
    const daily = Policy.parse({ schemaVersion: 1, scan: { cron: '0 9 * * *', splaySeconds: 0 } });
    expect(complianceSla(daily, { silentAfterFactor: 2 })).toEqual({ ms: 48 * HOUR, source: 'policy' });
    expect(complianceSla(daily, { silentAfterFactor: 2, complianceSlaHours: 0.5 })).toEqual({ ms: 0.5 * HOUR, source: 'config' });
  });
});
