import { describe, expect, it } from 'vitest';
import { edgeStrength, scoreCluster } from '../../../server/correlation/index.js';
import type { EvidenceKind } from '../../../server/correlation/index.js';

type Member = { employeeId: string | null; remoteControl: boolean; ipKvm: boolean };

const member = (employeeId: string | null, extra: Partial<Member> = {}): Member => ({ employeeId, remoteControl: false, ipKvm: false, ...extra });
const complete = (n: number, kinds: EvidenceKind[], hostingIp = false) =>
  Array.from({ length: (n * (n - 1)) / 2 }, () => ({ kinds, hostingIp, employeesKnown: true }));

describe('edgeStrength', () => {
  it('orders single kinds beacon > bssid > gateway > neighbours > ip > hosting ip', () => {
    const one = (kind: EvidenceKind, hostingIp = false) => edgeStrength({ kinds: [kind], hostingIp, employeesKnown: true });
    const order = [one('beacon'), one('bssid'), one('gateway'), one('neighbours'), one('ip'), one('ip', true)];
    expect([...order].sort((x, y) => y - x)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
  });

  it('grows with more kinds of evidence and halves with an unknown employee', () => {
    const gw = edgeStrength({ kinds: ['gateway'], hostingIp: false, employeesKnown: true });
    const gwBssid = edgeStrength({ kinds: ['gateway', 'bssid'], hostingIp: false, employeesKnown: true });
    expect(gwBssid).toBeGreaterThan(gw);
    expect(edgeStrength({ kinds: ['gateway'], hostingIp: false, employeesKnown: false })).toBeCloseTo(gw / 2);
  });
});

describe('scoreCluster', () => {
  it('explains a farm in plain words with a per-factor breakdown that adds up', () => {
    const members = [member('e1', { ipKvm: true }), member('e2', { ipKvm: true }), member('e3'), member('e4', { remoteControl: true })];
    const score = scoreCluster({ members, edges: complete(4, ['gateway', 'bssid']), farmThreshold: 60 });
    expect(score.reasons).toEqual([
      '4 laptops assigned to 4 different employees share one home network (same gateway MAC, same Wi-Fi BSSID)',
      '2 of them have an IP-KVM attached',
      '1 of them runs remote-control software',
    ]);
    expect(score.summary).toBe(score.reasons.join('; '));
    expect(score.farmSuspected).toBe(true);
    const total = score.breakdown.reduce((s, f) => s + f.points, 0);
    expect(score.score).toBeCloseTo(total, 5);
    for (const f of score.breakdown) expect(f.points).toBeLessThanOrEqual(f.max);
  });

  it('is monotonic: each additional IP-KVM raises the score', () => {
    const scores = [0, 1, 2, 3, 4].map((kvms) =>
      scoreCluster({
        members: [0, 1, 2, 3].map((i) => member(`e${i}`, { ipKvm: i < kvms })),
        edges: complete(4, ['gateway']),
        farmThreshold: 60,
      }).score,
    );
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThan(scores[i - 1]!);
  });

  it('is monotonic in employees and in evidence strength', () => {
    const byEmployees = [2, 3, 4].map((n) =>
      scoreCluster({ members: Array.from({ length: n }, (_, i) => member(`e${i}`)), edges: complete(n, ['gateway']), farmThreshold: 60 }).score,
    );
    expect(byEmployees[1]!).toBeGreaterThan(byEmployees[0]!);
    expect(byEmployees[2]!).toBeGreaterThan(byEmployees[1]!);
    const byKind = (['ip', 'neighbours', 'gateway', 'bssid', 'beacon'] as const).map((k) =>
      scoreCluster({ members: [member('a'), member('b'), member('c')], edges: complete(3, [k]), farmThreshold: 60 }).score,
    );
    for (let i = 1; i < byKind.length; i++) expect(byKind[i]!).toBeGreaterThan(byKind[i - 1]!);
  });

  it('does not suspect a two-person household sharing a router, nor four people behind one residential IP only', () => {
    const couple = scoreCluster({ members: [member('a'), member('b')], edges: complete(2, ['gateway', 'bssid', 'ip']), farmThreshold: 60 });
    expect(couple.farmSuspected).toBe(false);
    const ipOnly = scoreCluster({ members: [0, 1, 2, 3].map((i) => member(`e${i}`)), edges: complete(4, ['ip']), farmThreshold: 60 });
    expect(ipOnly.farmSuspected).toBe(false);
    expect(ipOnly.reasons[0]).toBe('4 laptops assigned to 4 different employees share one public IP address');
  });
});
