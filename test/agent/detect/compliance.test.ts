// The compliance verdict from real detection output: facts -> detect -> evaluateCompliance.
import { describe, expect, it } from 'vitest';
import type { Facts, Policy } from '../../../shared/index.js';
import { COMPLIANCE_RULES } from '../../../shared/index.js';
import { detect } from '../../../agent/detect/index.js';
import { evaluateCompliance, formatCompliance } from '../../../agent/detect/compliance.js';
import { makeFinding } from '../../../agent/detect/finding.js';
import { buildFacts, DEFAULT_POLICY, policy, proc } from './facts-builder.js';

const verdictFor = (facts: Partial<Facts>, pol: Policy = DEFAULT_POLICY) => evaluateCompliance(detect(buildFacts(facts), pol), pol);
const statuses = (verdict: ReturnType<typeof evaluateCompliance>) => Object.fromEntries(verdict.rules.map((r) => [r.rule, r.status]));

const TUNNEL: Partial<Facts> = {
  interfaces: [
    { name: 'wlan0', kind: 'wifi', up: true, ipv4: ['192.168.1.20/24'], ipv6: [] },
    { name: 'tun0', kind: 'tunnel', up: true, ipv4: ['10.8.0.6/24'], ipv6: [], driver: 'tun' },
  ],
  routes: [{ destination: '0.0.0.0/0', interface: 'tun0', gateway: '10.8.0.1' }],
};

describe('device compliance', () => {
  it('passes a clean laptop on every rule', () => {
    const verdict = verdictFor({});
    expect(verdict.compliant).toBe(true);
    expect(statuses(verdict)).toEqual({ no_unsanctioned_remote_access: 'pass', no_ip_kvm: 'pass', no_vpn: 'pass' });
    expect(verdict.rules.map((r) => r.rule)).toEqual(COMPLIANCE_RULES.map((r) => r.id));
  });

  it('fails on an unsanctioned remote-access tool and names it', () => {
    const verdict = verdictFor({ platform: 'win32', processes: [proc('AnyDesk.exe', { path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' })] });
    expect(verdict.compliant).toBe(false);
    const rule = verdict.rules.find((r) => r.rule === 'no_unsanctioned_remote_access')!;
    expect(rule.status).toBe('fail');
    expect(rule.violations[0]).toMatchObject({ signal: 'remote_access.process_running', severity: 'high' });
    expect(formatCompliance(verdict)).toMatch(/^NOT COMPLIANT\n {2}FAIL +no_unsanctioned_remote_access/);
  });

  it('passes a tool the policy sanctions', () => {
    const pol = policy({ remoteAccess: { allowedTools: ['anydesk'] } });
    const verdict = verdictFor({ platform: 'win32', processes: [proc('AnyDesk.exe', { path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' })] }, pol);
    expect(statuses(verdict).no_unsanctioned_remote_access).toBe('pass');
    expect(verdict.compliant).toBe(true);
  });

  it('fails on a VPN unless the policy allows VPNs, then waives the rule', () => {
    expect(statuses(verdictFor(TUNNEL)).no_vpn).toBe('fail');
    const allowed = verdictFor(TUNNEL, policy({ vpn: { allowed: true } }));
    expect(statuses(allowed).no_vpn).toBe('waived');
    expect(allowed.compliant).toBe(true);
  });

  it('fails on any IP-KVM finding, whatever its severity', () => {
    const finding = makeFinding('ip_kvm.absolute_pointer', { subject: '1d6b:0104', summary: 'absolute pointer', evidence: {} });
    const verdict = evaluateCompliance([finding], DEFAULT_POLICY);
    expect(statuses(verdict).no_ip_kvm).toBe('fail');
    expect(verdict.compliant).toBe(false);
  });

  it('fails closed when a probe a rule needs failed, and names it; unsupported parts do not count', () => {
    const probes = [
      { probe: 'processes', ok: false, durationMs: 15_000, timedOut: true },
      { probe: 'usbDevices', ok: false, durationMs: 0, unsupported: true },
      { probe: 'interfaces', ok: true, durationMs: 3 },
    ];
    const verdict = evaluateCompliance([], DEFAULT_POLICY, probes);
    expect(statuses(verdict)).toEqual({ no_unsanctioned_remote_access: 'unknown', no_ip_kvm: 'pass', no_vpn: 'pass' });
    expect(verdict.compliant).toBe(false);
    expect(verdict.rules[0]!.failedProbes).toEqual(['processes']);
    expect(formatCompliance(verdict)).toContain('not checked: the processes probe failed');
    // A finding still decides the rule even when a probe failed.
    const anydesk = makeFinding('remote_access.process_running', { subject: 'anydesk', summary: 'AnyDesk runs', evidence: {} });
    expect(statuses(evaluateCompliance([anydesk], DEFAULT_POLICY, probes)).no_unsanctioned_remote_access).toBe('fail');
  });

  it('ignores categories outside the rules (agent health, posture)', () => {
    const findings = [makeFinding('agent_health.probe_failed', { subject: 'usb', summary: 'usb probe failed', evidence: {} })];
    expect(evaluateCompliance(findings, DEFAULT_POLICY).compliant).toBe(true);
  });
});
