import { describe, expect, it } from 'vitest';
import { decideAlerts, dedupKey } from '../../server/alerts/rules.js';
import { alertTypeOf } from '../../server/alerts/types.js';
import type { Alert } from '../../server/store/store.js';
import { finding } from './fixtures.js';

const AGENT = '0b6f1c3e-7a51-4a7e-9d5e-3c8f3f7f0a11';
const NOW = '2025-06-01T12:00:00.000Z';

function active(signal: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id: `alert-${signal}`, dedupKey: dedupKey(AGENT, signal), type: 'remote_control', agentId: AGENT, agentIds: [AGENT], signal,
    category: 'remote_access', severity: 'high', score: 70, status: 'open', summary: 'earlier', reasons: ['earlier'], evidence: [],
    firstSeen: '2025-05-30T00:00:00.000Z', lastSeen: '2025-05-31T00:00:00.000Z', count: 3, assignee: null, resolution: null,
    acknowledgedAt: null, resolvedAt: null, ...overrides,
  };
}

describe('decideAlerts', () => {
  it('opens one alert per signal for high and critical findings, with their evidence', () => {
    const { open, update } = decideAlerts({
      agentId: AGENT, seenAt: NOW, activeAlerts: [],
      findings: [
        finding('remote_access.process_running', 'high', 'AnyDesk'),
        finding('remote_access.process_running', 'critical', 'RustDesk'),
        finding('ip_kvm.edid_match', 'critical', 'PiKVM'),
        finding('vpn.client_running', 'medium', 'Astrill'),
      ],
    });
    expect(update).toEqual([]);
    expect(open.map((a) => [a.dedupKey, a.severity, a.count])).toEqual([
      [`${AGENT}:remote_access.process_running`, 'critical', 1],
      [`${AGENT}:ip_kvm.edid_match`, 'critical', 1],
    ]);
    expect(open[0]).toMatchObject({
      type: 'remote_control', agentId: AGENT, agentIds: [AGENT], category: 'remote_access', firstSeen: NOW, lastSeen: NOW, score: 92,
      summary: 'AnyDesk seen (remote_access.process_running) (and 1 more)',
      reasons: ['AnyDesk seen (remote_access.process_running)', 'RustDesk seen (remote_access.process_running)'],
    });
    expect(open[1]).toMatchObject({ type: 'ip_kvm', score: 90 });
    expect(open[0]!.evidence).toEqual([
      { subject: 'AnyDesk', severity: 'high', summary: 'AnyDesk seen (remote_access.process_running)', evidence: { process: 'anydesk', pid: 4242 } },
      { subject: 'RustDesk', severity: 'critical', summary: 'RustDesk seen (remote_access.process_running)', evidence: { process: 'rustdesk', pid: 4242 } },
    ]);
  });

  it('opens nothing below high', () => {
    const findings = [finding('remote_access.installed', 'medium'), finding('vpn.tunnel_interface', 'low'), finding('posture.long_uptime', 'info')];
    expect(decideAlerts({ agentId: AGENT, seenAt: NOW, activeAlerts: [], findings })).toEqual({ open: [], update: [] });
  });

  it('updates an unresolved alert instead of opening another, keeping the worst severity', () => {
    for (const status of ['open', 'acknowledged'] as const) {
      const existing = active('remote_access.process_running', { status, severity: 'critical' });
      const { open, update } = decideAlerts({
        agentId: AGENT, seenAt: NOW, activeAlerts: [existing], findings: [finding('remote_access.process_running', 'high', 'AnyDesk')],
      });
      expect(open).toEqual([]);
      expect(update).toEqual([{
        id: existing.id, severity: 'critical', score: 90, summary: 'AnyDesk seen (remote_access.process_running)', lastSeen: NOW, count: 4,
        reasons: ['AnyDesk seen (remote_access.process_running)'], evidence: [expect.objectContaining({ subject: 'AnyDesk' })],
      }]);
    }
  });

  it("takes the category from the catalogue, not the agent's claim", () => {
    const claimed = { ...finding('ip_kvm.edid_match', 'critical', 'PiKVM'), category: 'posture' as const };
    const { open } = decideAlerts({ agentId: AGENT, seenAt: NOW, activeAlerts: [], findings: [claimed] });
    expect(open[0]!.category).toBe('ip_kvm');
  });

  it('keeps alerts of other devices and signals apart', () => {
    const otherSignal = active('ip_kvm.edid_match');
    const { open, update } = decideAlerts({
      agentId: AGENT, seenAt: NOW, activeAlerts: [otherSignal], findings: [finding('remote_access.process_running', 'high')],
    });
    expect(update).toEqual([]);
    expect(open).toHaveLength(1);
  });
});

describe('alertTypeOf', () => {
  it('maps catalogue signals to alert types', () => {
    expect(alertTypeOf('ip_kvm.usb_descriptor_match')).toBe('ip_kvm');
    expect(alertTypeOf('ip_kvm.edid_match')).toBe('ip_kvm');
    for (const s of ['remote_access.process_running', 'remote_access.session_active', 'remote_access.service_listening']) {
      expect(alertTypeOf(s)).toBe('remote_control');
    }
    expect(alertTypeOf('remote_access.installed')).toBe('policy_violation');
    expect(alertTypeOf('vpn.default_route_tunnel')).toBe('policy_violation');
    expect(alertTypeOf('location.rtt_implausible')).toBe('location_implausible');
    expect(alertTypeOf('co_location.shared_network')).toBe('farm_suspected');
    expect(alertTypeOf('agent_health.silent')).toBe('agent_silent');
    expect(alertTypeOf('agent_health.clone')).toBe('agent_clone');
    expect(alertTypeOf('posture.mouse_jiggler')).toBe('policy_violation');
  });
});
