// The alert story the console tells first, on alerts shaped as the collector raises them.
import { describe, expect, it } from 'vitest';
import { alertStory } from '../../server/console/story.js';
import type { Alert } from '../../server/console/types.js';

const base: Alert = {
  id: 'a1', type: 'remote_control', agentId: 'd1', agentIds: ['d1'], signal: 'remote_access.process_running', category: 'remote_access',
  severity: 'high', score: 70, status: 'open', summary: 'AnyDesk is running', reasons: [], evidence: [], firstSeen: '', lastSeen: '',
  count: 1, assignee: null, resolution: null, acknowledgedAt: null, resolvedAt: null,
};
const device = (agentId: string, employeeId: string | null, extra: Record<string, string[]> = {}) => ({
  subject: `laptop-${agentId}`, severity: 'critical', summary: '',
  evidence: { agentId, hostname: `laptop-${agentId}`, employeeId, remoteControl: [], ipKvm: [], ...extra },
});

describe('alertStory', () => {
  it('tells a farm as laptops, employees, what ties them and what is attached', () => {
    const farm: Alert = {
      ...base, type: 'farm_suspected', agentId: null, agentIds: ['1', '2', '3', '4'],
      evidence: [
        { subject: 'cluster:1', severity: 'critical', summary: '', evidence: { clusterId: 'cluster:1', evidenceKinds: ['gateway', 'beacon'] } },
        device('1', 'E-1', { ipKvm: ['PiKVM'] }), device('2', 'E-2', { ipKvm: ['PiKVM'] }), device('3', 'E-3', { remoteControl: ['AnyDesk'] }), device('4', 'E-4'),
      ],
    };
    expect(alertStory(farm)).toBe('4 laptops assigned to 4 different employees share one home network (they sit behind one home router, '
      + 'hear each other on one local network); 2 of them have an IP-KVM attached (PiKVM); 1 of them runs remote-control software (AnyDesk).');
  });

  it('says when no employee is known', () => {
    const farm: Alert = { ...base, type: 'farm_suspected', agentIds: ['1', '2'], evidence: [device('1', null), device('2', null)] };
    expect(alertStory(farm)).toBe('2 laptops with no known employee share one home network.');
  });

  it('tells a device alert with its host and how often it was seen', () => {
    const alert: Alert = { ...base, count: 3, evidence: [{ subject: 'AnyDesk', severity: 'high', summary: '', evidence: { hostname: 'laptop-7' } }] };
    expect(alertStory(alert)).toBe('laptop-7: AnyDesk is running. Seen in 3 reports since it was first raised.');
    const bare: Alert = { ...base, evidence: [{ subject: 'AnyDesk', severity: 'high', summary: '', evidence: { process: 'AnyDesk' } }] };
    expect(alertStory(bare, 'laptop-9')).toBe('laptop-9: AnyDesk is running.');
  });
});
