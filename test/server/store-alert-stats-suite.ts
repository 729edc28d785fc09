// Alert counts per day, category and severity in the Store contract (server/store/alert-stats-store.ts).
// Each implementation calls runAlertStatsStoreSuite from its own *.test.ts with a factory for a fresh, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import type { Store } from '../../server/store/store.js';
import type { Severity } from '../../shared/index.js';
import { finding, makeReport } from './fixtures.js';

const A = '0a000000-0000-4000-8000-000000000001';
const B = '0b000000-0000-4000-8000-000000000002';

export function runAlertStatsStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (alert counts): ${name}`, () => {
    let store: Store;
    const record = (agentId: string, receivedAt: string, ...findings: [string, Severity][]) =>
      store.recordReport({ report: makeReport(agentId, { findings: findings.map(([s, sev]) => finding(s, sev)) }), receivedAt, decideAlerts });

    beforeEach(async () => {
      store = await makeStore();
      for (const agentId of [A, B]) {
        await store.createAgent({
          agentId, tokenHash: hashSecret(mintToken('agent')), hostname: 'laptop', platform: 'linux', agentVersion: '0.1.0',
          serial: null, hardwareUuid: null, enrolledAt: '2025-06-01T08:00:00.000Z',
        });
      }
    });
    afterEach(async () => {
      await store.close();
    });

    it('counts alerts by the UTC day they were first seen, category and severity, within the window only', async () => {
      await record(A, '2025-06-07T23:59:59.999Z', ['remote_access.process_running', 'high']);
      await record(A, '2025-06-08T00:00:00.000Z', ['ip_kvm.usb_descriptor_match', 'critical']);
      await record(B, '2025-06-08T10:00:00.000Z', ['ip_kvm.usb_descriptor_match', 'critical'], ['vpn.tunnel_interface', 'high']);
      // Seen again later: still counted on the day it was first seen.
      await record(B, '2025-06-09T10:00:00.000Z', ['ip_kvm.usb_descriptor_match', 'critical']);
      await record(A, '2025-06-10T23:59:59.999Z', ['remote_access.session_active', 'critical'], ['remote_access.service_listening', 'high']);
      await record(B, '2025-06-11T00:00:00.000Z', ['posture.mouse_jiggler', 'high']);

      expect(await store.alertCounts({ days: 3, now: '2025-06-10T15:00:00.000Z' })).toEqual([
        { day: '2025-06-08', category: 'ip_kvm', severity: 'critical', count: 2 },
        { day: '2025-06-08', category: 'vpn', severity: 'high', count: 1 },
        { day: '2025-06-10', category: 'remote_access', severity: 'critical', count: 1 },
        { day: '2025-06-10', category: 'remote_access', severity: 'high', count: 1 },
      ]);
      expect(await store.alertCounts({ days: 1, now: '2025-06-11T00:00:00.000Z' })).toEqual([
        { day: '2025-06-11', category: 'posture', severity: 'high', count: 1 },
      ]);
      expect(await store.alertCounts({ days: 90, now: '2025-10-01T00:00:00.000Z' })).toEqual([]);
      const all = await store.alertCounts({ days: 90, now: '2025-06-11T12:00:00.000Z' });
      expect(all.reduce((n, c) => n + c.count, 0)).toBe(7);
    });
  });
}
