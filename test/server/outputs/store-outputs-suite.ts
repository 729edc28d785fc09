// The output part of the Store contract (server/store/output-store.ts) on top of the DeliveryQueue
// contract: audited, redacted config changes, and alert changes queued by the store in the
// transaction that makes them, for the enabled outputs whose filter wants them.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../../server/auth/tokens.js';
import { OutputConfig } from '../../../server/outputs/types.js';
import type { Actor } from '../../../server/store/operations.js';
import type { OutputsChange } from '../../../server/store/output-store.js';
import type { Store } from '../../../server/store/store.js';
import { finding, makeReport } from '../fixtures.js';
import { eventually } from './receivers.js';

const ADMIN: Actor = { kind: 'admin', tokenId: 'tok-admin', label: null, role: 'admin' };
const T1 = '2026-11-22T10:00:00.000Z';
const T2 = '2026-11-22T11:00:00.000Z';

const hook = (id: string, extra: Record<string, unknown> = {}) => OutputConfig.parse({
  id, name: `hook ${id}`, type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars', ...extra,
});

export function runOutputStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store outputs contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function agentWithReport(signal = 'remote_access.process_running', receivedAt = T1) {
      const agentId = randomUUID();
      await store.createAgent({
        agentId, tokenHash: hashSecret(mintToken('agent')), hostname: 'host', platform: 'linux', agentVersion: '0.1.0',
        serial: null, hardwareUuid: null, enrolledAt: T1,
      });
      await store.recordReport({ report: makeReport(agentId, { findings: [finding(signal, 'high', 'AnyDesk')] }), receivedAt, decideAlerts });
      return agentId;
    }

    it('creates, updates and deletes outputs, auditing them with secrets redacted', async () => {
      expect(await store.createOutput(hook('soar'), ADMIN, T1)).toBe(true);
      expect(await store.createOutput(hook('soar'), ADMIN, T1)).toBe(false);
      expect((await store.getOutput('soar'))?.config).toEqual(hook('soar'));
      const updated = await store.updateOutput(hook('soar', { enabled: false }), ADMIN, T2);
      expect(updated).toMatchObject({ createdAt: T1, updatedAt: T2, config: { enabled: false } });
      expect(await store.updateOutput(hook('nope'), ADMIN, T2)).toBeUndefined();
      expect((await store.listOutputs()).map((o) => o.config.id)).toEqual(['soar']);

      const audit = await store.listAudit({ limit: 10, offset: 0, targetType: 'output' });
      expect(audit.items.map((e) => e.action).sort()).toEqual(['output.create', 'output.update']);
      expect(JSON.stringify(audit.items)).not.toContain('a-secret-of-16-chars');

      expect(await store.deleteOutput('soar', ADMIN, T2)).toEqual({ deleted: true, discarded: 0 });
      expect(await store.deleteOutput('soar', ADMIN, T2)).toEqual({ deleted: false, discarded: 0 });
      expect(await store.listOutputs()).toEqual([]);
    });

    it('queues report alerts for every enabled output that wants them, in the report transaction', async () => {
      await store.createOutput(hook('all'), ADMIN, T1);
      await store.createOutput(hook('kvm-only', { filter: { types: ['ip_kvm'] } }), ADMIN, T1);
      await store.createOutput(hook('off', { enabled: false }), ADMIN, T1);
      const agentId = await agentWithReport();
      const due = await store.nextDue('2100-01-01T00:00:00.000Z', 10);
      expect(due.map((d) => d.outputId)).toEqual(['all']);
      expect(due[0]!.event).toMatchObject({ kind: 'opened', type: 'remote_control', deviceIds: [agentId], status: 'open', clusterId: null });
    });

    it('queues updates, acknowledgements and resolutions, and raised alerts, with distinct event ids', async () => {
      await store.createOutput(hook('all'), ADMIN, T1);
      const agentId = await agentWithReport();
      await store.recordReport({
        report: makeReport(agentId, { findings: [finding('remote_access.process_running', 'high', 'AnyDesk')] }), receivedAt: T2, decideAlerts,
      });
      const [alert] = (await store.listAlerts({ limit: 1, offset: 0, agentId })).items;
      await store.actOnAlert(alert!.id, { kind: 'assign', assignee: 'kim' }, ADMIN, T2);
      await store.actOnAlert(alert!.id, { kind: 'acknowledge' }, ADMIN, T2);
      await store.actOnAlert(alert!.id, { kind: 'resolve', resolution: 'benign' }, ADMIN, T2);
      await store.raiseAlert({
        dedupKey: 'farm:cluster-1', type: 'farm_suspected', agentId: null, agentIds: [agentId], signal: 'co_location.shared_network',
        category: 'co_location', severity: 'high', score: 80, summary: 'farm', reasons: ['shared'], evidence: [], firstSeen: T2, lastSeen: T2, count: 1,
      });
      const events = (await store.nextDue('2100-01-01T00:00:00.000Z', 10)).map((d) => d.event);
      expect(events.map((e) => [e.kind, e.status])).toEqual([
        ['opened', 'open'], ['updated', 'open'], ['acknowledged', 'acknowledged'], ['resolved', 'resolved'], ['opened', 'open'],
      ]);
      expect(events[1]!.count).toBe(2);
      expect(events[4]).toMatchObject({ type: 'farm_suspected', clusterId: 'cluster-1' });
      expect(new Set(events.map((e) => e.eventId)).size).toBe(5);
    });

    it('prunes delivered deliveries and old log entries, never pending ones', async () => {
      await store.createOutput(hook('all'), ADMIN, T1);
      await agentWithReport();
      await agentWithReport();
      const [first, second] = await store.nextDue('2100-01-01T00:00:00.000Z', 10);
      const attempt = (d: typeof first, ok: boolean, at: string) => ({
        deliveryId: d!.id, outputId: 'all', eventId: d!.event.eventId, alertId: d!.event.alertId, attempt: 1, ok,
        status: ok ? 200 : 503, error: ok ? null : 'HTTP 503', durationMs: 1, at, nextAttemptAt: ok ? null : T2,
      });
      await store.markDelivered(first!.id, attempt(first, true, T1));
      await store.markFailed(second!.id, attempt(second, false, T1), T2);
      expect(await store.pruneDeliveries(T2)).toEqual({ deliveries: 1, attempts: 2 });
      expect((await store.pendingSummary())[0]).toMatchObject({ outputId: 'all', pending: 1 });
      expect((await store.listAttempts({ limit: 10, offset: 0 })).total).toBe(0);
    });

    it('drops what was queued for a deleted output and tells watchers about changes', async () => {
      const changes: OutputsChange[] = [];
      const stop = await store.watchOutputs((change) => changes.push(change));
      try {
        await store.createOutput(hook('all'), ADMIN, T1);
        await agentWithReport();
        await eventually(() => changes.includes('outputs') && changes.includes('deliveries'));
        expect((await store.pendingSummary())[0]).toMatchObject({ outputId: 'all', pending: 1, lastError: null });
        expect(await store.deleteOutput('all', ADMIN, T2)).toEqual({ deleted: true, discarded: 1 });
        expect(await store.pendingSummary()).toEqual([]);
      } finally {
        await stop();
      }
    });
  });
}
