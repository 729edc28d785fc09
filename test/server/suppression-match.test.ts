import { describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { isSuppressionNetwork, suppressingRule, suppressionMatches } from '../../server/alerts/suppression.js';
import type { Suppression, SuppressionCriteria } from '../../server/store/operations.js';
import { finding } from './fixtures.js';

const AGENT = '0b6f1c3e-7a51-4a7e-9d5e-3c8f3f7f0a11';
const NONE: SuppressionCriteria = { agentId: null, employeeId: null, signal: null, tool: null, network: null };
const rule = (criteria: Partial<SuppressionCriteria>, id = 'rule-1'): Suppression => ({
  ...NONE, ...criteria, id, reason: null, createdAt: '2025-06-01T00:00:00.000Z', expiresAt: null,
  createdBy: { kind: 'system', job: 'test' }, suppressedCount: 0, lastSuppressedAt: null,
});

describe('suppressionMatches', () => {
  const matches = (criteria: Partial<SuppressionCriteria>, subjects: string[], context: Parameters<typeof suppressionMatches>[3]) =>
    suppressionMatches({ ...NONE, ...criteria }, 'remote_access.process_running', subjects, context);

  it('needs every given criterion to hold', () => {
    const context = { agentIds: [AGENT], egressIp: '198.51.100.7' };
    expect(matches({ agentId: AGENT, tool: 'anydesk' }, ['AnyDesk'], context)).toBe(true);
    expect(matches({ agentId: AGENT, tool: 'anydesk' }, ['RustDesk'], context)).toBe(false);
    expect(matches({ agentId: 'other', tool: 'anydesk' }, ['AnyDesk'], context)).toBe(false);
    expect(matches({ signal: 'ip_kvm.edid_match' }, ['AnyDesk'], context)).toBe(false);
    // A tool rule hides an alert only when it is about that tool alone.
    expect(matches({ tool: 'anydesk' }, ['AnyDesk', 'RustDesk'], context)).toBe(false);
    expect(matches({ tool: 'anydesk' }, [], context)).toBe(false);
    expect(matches({ employeeId: 'E-1' }, ['AnyDesk'], context)).toBe(false);
    expect(matches({ employeeId: 'E-1' }, ['AnyDesk'], { ...context, employeeIds: ['E-1'] })).toBe(true);
  });

  it('matches the egress address by CIDR (IPv4, IPv4 on a dual-stack socket, IPv6) and the gateway by hash', () => {
    const at = (egressIp: string, gatewayMacHash?: string) => ({ agentIds: [AGENT], egressIp, ...(gatewayMacHash ? { gatewayMacHash } : {}) });
    expect(matches({ network: '198.51.100.0/24' }, ['x'], at('198.51.100.7'))).toBe(true);
    expect(matches({ network: '198.51.100.0/24' }, ['x'], at('::ffff:198.51.100.7'))).toBe(true);
    expect(matches({ network: '198.51.100.0/24' }, ['x'], at('198.51.101.7'))).toBe(false);
    expect(matches({ network: '2001:db8::/32' }, ['x'], at('2001:db8:5::1'))).toBe(true);
    expect(matches({ network: '2001:db8::/32' }, ['x'], at('198.51.100.7'))).toBe(false);
    expect(matches({ network: 'ab'.repeat(16) }, ['x'], at('198.51.100.7', 'ab'.repeat(16)))).toBe(true);
    expect(matches({ network: 'ab'.repeat(16) }, ['x'], at('198.51.100.7', 'cd'.repeat(16)))).toBe(false);
    expect(matches({ network: 'ab'.repeat(16) }, ['x'], at('198.51.100.7'))).toBe(false);
  });

  it('accepts CIDRs and keyed hashes as networks, nothing else', () => {
    for (const ok of ['10.0.0.0/8', '192.0.2.1/32', '2001:db8::/32', '::/0', 'ab'.repeat(16)]) expect(isSuppressionNetwork(ok)).toBe(true);
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', 'home', 'ab'.repeat(15), '10.0.0.0/8/8']) expect(isSuppressionNetwork(bad)).toBe(false);
  });
});

describe('suppressingRule', () => {
  it('withholds matching findings from the alert rule and counts each rule once per signal', () => {
    const wrapped = suppressingRule(decideAlerts, [rule({ tool: 'AnyDesk' }), rule({ signal: 'vpn.tunnel_interface' }, 'rule-2')], { egressIp: '192.0.2.1' });
    const { open } = wrapped.decide({
      agentId: AGENT, seenAt: '2025-06-01T12:00:00.000Z', activeAlerts: [],
      findings: [
        finding('remote_access.process_running', 'high', 'AnyDesk'),
        finding('remote_access.session_active', 'critical', 'AnyDesk'),
        finding('remote_access.process_running', 'high', 'RustDesk'),
        finding('vpn.tunnel_interface', 'low', 'tun0'),
      ],
    });
    expect(open.map((a) => [a.signal, a.evidence.map((e) => e.subject)])).toEqual([['remote_access.process_running', ['RustDesk']]]);
    // rule-1 withheld alert-worthy findings of two signals; rule-2 only a low finding, which would not have alerted.
    expect(wrapped.hits()).toEqual(['rule-1', 'rule-1']);
  });
});
