// The agent (`scan --compliance`, agent/detect/compliance.ts) and the collector
// (server/compliance/rules.ts) judge the same findings, policy and probe health the same way, for
// every rule of shared/catalogue/compliance.ts. A test may import both sides; the code may not.
import { describe, expect, it } from 'vitest';
import { evaluateCompliance } from '../../../agent/detect/compliance.js';
import { detect } from '../../../agent/detect/index.js';
import { evaluateRules } from '../../../server/compliance/rules.js';
import {
  CATEGORIES, COMPLIANCE_RULES, SEVERITIES, SIGNALS, type Facts, type Finding, type Policy, type ProbeHealth,
} from '../../../shared/index.js';
import { buildFacts, DEFAULT_POLICY, policy, proc, usb } from '../../agent/detect/facts-builder.js';

const finding = (category: Finding['category'], severity: Finding['severity'], subject = 'thing'): Finding => ({
  signal: SIGNALS.find((s) => s.category === category)!.id, category, severity, subject, summary: `${subject} seen`, evidence: { n: 1 },
});

const POLICIES: Array<[string, Policy]> = [['default', DEFAULT_POLICY], ['vpn allowed', policy({ vpn: { allowed: true } })]];

/** Each probe any rule needs: failed, timed out, unsupported, healthy; plus none reported. */
const NEEDED = [...new Set(COMPLIANCE_RULES.flatMap((r) => r.needs))];
const PROBE_SETS: ProbeHealth[][] = [
  [],
  ...NEEDED.flatMap((probe) => [
    [{ probe, ok: false, durationMs: 5, error: 'EACCES' }],
    [{ probe, ok: false, durationMs: 15_000, timedOut: true }],
    [{ probe, ok: false, durationMs: 0, unsupported: true }],
    [{ probe, ok: true, durationMs: 3 }],
  ]),
  NEEDED.map((probe) => ({ probe, ok: false, durationMs: 1 })),
];

/** Nothing; one finding of every category and severity; one of each rule's category at once. */
const FINDING_SETS: Finding[][] = [
  [],
  ...CATEGORIES.flatMap((c) => SEVERITIES.map((s) => [finding(c, s)])),
  COMPLIANCE_RULES.map((r, i) => finding(r.category, SEVERITIES[(i % 4) + 1]!, `tool-${i}`)),
  [finding('remote_access', 'info', 'sanctioned'), finding('remote_access', 'high', 'AnyDesk'), finding('vpn', 'info', 'corp-vpn')],
];

const collectorVerdict = (findings: Finding[], pol: Policy, probes: ProbeHealth[]) => {
  const rules = evaluateRules(findings, pol, probes);
  return { compliant: rules.every((r) => r.status === 'pass' || r.status === 'waived'), rules };
};

describe('agent and collector compliance verdicts', () => {
  it('agree on every combination of findings, policy and probe health', () => {
    let cases = 0;
    for (const [, pol] of POLICIES) {
      for (const findings of FINDING_SETS) {
        for (const probes of PROBE_SETS) {
          expect(collectorVerdict(findings, pol, probes), JSON.stringify({ findings, probes, vpn: pol.vpn })).toEqual(evaluateCompliance(findings, pol, probes));
          cases++;
        }
      }
    }
    expect(cases).toBe(POLICIES.length * FINDING_SETS.length * PROBE_SETS.length);
    // Every status the rules can take was exercised.
    const seen = new Set(POLICIES.flatMap(([, pol]) => FINDING_SETS.flatMap((f) => PROBE_SETS.flatMap((p) => evaluateRules(f, pol, p).map((r) => r.status)))));
    expect([...seen].sort()).toEqual(['fail', 'pass', 'unknown', 'waived']);
  });

  // The expected statuses (remote access, IP-KVM, VPN) prove detection really produced the findings.
  const DETECTED: Array<[string, Partial<Facts>, Policy, string[]]> = [
    ['clean laptop', {}, DEFAULT_POLICY, ['pass', 'pass', 'pass']],
    ['AnyDesk running', { platform: 'win32', processes: [proc('AnyDesk.exe', { path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' })] }, DEFAULT_POLICY,
      ['fail', 'pass', 'pass']],
    ['sanctioned AnyDesk', { platform: 'win32', processes: [proc('AnyDesk.exe', { path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' })] },
      policy({ remoteAccess: { allowedTools: ['anydesk'] } }), ['pass', 'pass', 'pass']],
    ['PiKVM attached', {
      usbDevices: [usb('1d6b:0104', { manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE', interfaces: ['03/01/01', '03/00/00', '08/06/50'] })],
    }, DEFAULT_POLICY, ['pass', 'fail', 'pass']],
    ['tunnel default route', {
      interfaces: [{ name: 'tun0', kind: 'tunnel', up: true, ipv4: ['10.8.0.6/24'], ipv6: [], driver: 'tun' }],
      routes: [{ destination: '0.0.0.0/0', interface: 'tun0', gateway: '10.8.0.1' }],
    }, DEFAULT_POLICY, ['pass', 'pass', 'fail']],
  ];

  it.each(DETECTED)('agree on what agent detection reports: %s', (_name, facts, pol, expected) => {
    const findings = detect(buildFacts(facts), pol);
    expect(evaluateRules(findings, pol, []).map((r) => r.status)).toEqual(expected);
    const probes: ProbeHealth[] = [{ probe: 'usbDevices', ok: false, durationMs: 2 }];
    expect(collectorVerdict(findings, pol, probes)).toEqual(evaluateCompliance(findings, pol, probes));
    expect(collectorVerdict(findings, pol, [])).toEqual(evaluateCompliance(findings, pol, []));
  });
});
