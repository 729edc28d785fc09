// The operations part of the Store contract (server/store/operations.ts): alert lifecycle, audit
// log, suppressions, raised alerts, audited policy and tokens, and the jobs' queries. Run by
// store-sqlite.test.ts and store-postgres.test.ts with a factory for a fresh, empty store.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAlert } from '../../server/alerts/raise.js';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import type { Actor } from '../../server/store/operations.js';
import type { NewAgent, Store } from '../../server/store/store.js';
import { finding, makeReport } from './fixtures.js';

const T1 = '2025-06-01T10:00:00.000Z';
const T2 = '2025-06-01T14:00:00.000Z';
const T3 = '2025-06-01T18:00:00.000Z';
const T4 = '2025-06-02T10:00:00.000Z';

const ANALYST: Actor = { kind: 'admin', tokenId: 'tok-analyst', label: 'soc', role: 'analyst' };
const ADMIN: Actor = { kind: 'admin', tokenId: 'tok-admin', label: null, role: 'admin' };
const PAGE = { limit: 50, offset: 0 };

function newAgent(overrides: Partial<NewAgent> = {}): NewAgent {
  return {
    agentId: randomUUID(), tokenHash: hashSecret(mintToken('agent')), hostname: 'enrolled-host', platform: 'linux',
    agentVersion: '0.1.0', serial: null, hardwareUuid: null, enrolledAt: '2025-06-01T09:00:00.000Z', ...overrides,
  };
}

export function runOperationsSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store operations contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function enrolled(overrides: Partial<NewAgent> = {}) {
      const agent = newAgent(overrides);
      await store.createAgent(agent);
      return agent;
    }

    /** An agent with one open remote_control alert; returns the alert id. */
    async function openAlert(): Promise<{ agentId: string; alertId: string }> {
      const agent = await enrolled();
      await store.recordReport({ report: makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high', 'AnyDesk')] }), receivedAt: T1, decideAlerts });
      const [alert] = (await store.listAlerts({ ...PAGE, agentId: agent.agentId })).items;
      return { agentId: agent.agentId, alertId: alert!.id };
    }

    describe('alert lifecycle', () => {
      it('stores type, devices, reasons and score of report alerts, and filters by type', async () => {
        const { agentId, alertId } = await openAlert();
        const detail = await store.getAlert(alertId);
        expect(detail?.alert).toMatchObject({
          type: 'remote_control', agentId, agentIds: [agentId], score: 70, reasons: ['AnyDesk seen (remote_access.process_running)'],
          status: 'open', assignee: null, resolution: null, acknowledgedAt: null, resolvedAt: null,
        });
        expect(detail?.notes).toEqual([]);
        expect((await store.listAlerts({ ...PAGE, type: 'remote_control' })).total).toBe(1);
        expect((await store.listAlerts({ ...PAGE, type: 'ip_kvm' })).total).toBe(0);
        expect(await store.getAlert(randomUUID())).toBeUndefined();
      });

      it('acknowledges, assigns, notes and resolves, auditing each change with before and after', async () => {
        const { alertId } = await openAlert();
        const ack = await store.actOnAlert(alertId, { kind: 'acknowledge' }, ANALYST, T2);
        expect(ack).toMatchObject({ outcome: 'changed', detail: { alert: { status: 'acknowledged', acknowledgedAt: T2 } } });
        await store.actOnAlert(alertId, { kind: 'assign', assignee: 'dana' }, ANALYST, T2);
        await store.actOnAlert(alertId, { kind: 'note', text: 'Called the employee.' }, ANALYST, T3);
        const resolved = await store.actOnAlert(alertId, { kind: 'resolve', resolution: 'true_positive', note: 'Confirmed farm.' }, ADMIN, T4);
        expect(resolved.outcome).toBe('changed');
        if (resolved.outcome !== 'changed') return;
        expect(resolved.detail.alert).toMatchObject({ status: 'resolved', resolution: 'true_positive', resolvedAt: T4, assignee: 'dana', acknowledgedAt: T2 });
        expect(resolved.detail.notes.map((n) => [n.text, n.author, n.createdAt])).toEqual([
          ['Called the employee.', ANALYST, T3], ['Confirmed farm.', ADMIN, T4],
        ]);
        expect((await store.listAlerts({ ...PAGE, assignee: 'dana', status: 'resolved' })).total).toBe(1);

        const audit = await store.listAudit({ ...PAGE, targetType: 'alert', targetId: alertId });
        expect(audit.items.map((e) => e.action)).toEqual(['alert.resolve', 'alert.note', 'alert.assign', 'alert.acknowledge']);
        const [resolve, note, assign, acknowledge] = audit.items;
        expect(acknowledge).toMatchObject({ actor: ANALYST, at: T2, before: { status: 'open' }, after: { status: 'acknowledged' } });
        expect(assign).toMatchObject({ before: { assignee: null }, after: { assignee: 'dana' } });
        expect(note!.after).toMatchObject({ note: { text: 'Called the employee.' } });
        expect(resolve).toMatchObject({ actor: ADMIN, before: { status: 'acknowledged', resolution: null }, after: { status: 'resolved', resolution: 'true_positive' } });
      });

      it('refuses actions that do not apply, and changes nothing', async () => {
        const { alertId } = await openAlert();
        await store.actOnAlert(alertId, { kind: 'acknowledge' }, ANALYST, T2);
        expect(await store.actOnAlert(alertId, { kind: 'acknowledge' }, ANALYST, T3)).toMatchObject({ outcome: 'refused' });
        await store.actOnAlert(alertId, { kind: 'resolve', resolution: 'benign' }, ANALYST, T3);
        for (const action of [{ kind: 'resolve', resolution: 'false_positive' }, { kind: 'assign', assignee: 'x' }] as const) {
          expect(await store.actOnAlert(alertId, action, ANALYST, T4)).toMatchObject({ outcome: 'refused' });
        }
        // A resolved alert still takes notes.
        expect(await store.actOnAlert(alertId, { kind: 'note', text: 'post-mortem' }, ANALYST, T4)).toMatchObject({ outcome: 'changed' });
        expect((await store.getAlert(alertId))?.alert).toMatchObject({ resolution: 'benign', assignee: null });
        expect(await store.actOnAlert(randomUUID(), { kind: 'acknowledge' }, ANALYST, T4)).toEqual({ outcome: 'not_found' });
        expect((await store.listAudit({ ...PAGE, targetId: alertId })).total).toBe(3);
      });

      it('opens a fresh alert after the earlier one was resolved', async () => {
        const { agentId, alertId } = await openAlert();
        await store.actOnAlert(alertId, { kind: 'resolve', resolution: 'benign' }, ANALYST, T2);
        await store.recordReport({ report: makeReport(agentId, { findings: [finding('remote_access.process_running', 'high')] }), receivedAt: T3, decideAlerts });
        const alerts = await store.listAlerts({ ...PAGE, agentId });
        expect(alerts.items.map((a) => [a.status, a.count])).toEqual([['open', 1], ['resolved', 1]]);
      });
    });

    describe('raised alerts', () => {
      it('opens a multi-device alert, then merges later raises with the same key', async () => {
        const [a, b, c] = [await enrolled(), await enrolled(), await enrolled()];
        const raise = (agentIds: string[], seenAt: string, reason: string, severity?: 'critical') => store.raiseAlert(buildAlert({
          signal: 'co_location.shared_network', dedupKey: 'cluster:home-1', agentIds, summary: `${agentIds.length} laptops share a home network`,
          reasons: [reason], evidence: [{ subject: 'home-1', severity: 'high', summary: 'shared gateway', evidence: { gatewayMacHash: 'ab'.repeat(16) } }],
          seenAt, ...(severity ? { severity } : {}),
        }));
        const first = await raise([a.agentId, b.agentId], T1, 'same gateway MAC');
        expect(first.outcome).toBe('opened');
        expect(first.alert).toMatchObject({
          type: 'farm_suspected', agentId: null, agentIds: [a.agentId, b.agentId], category: 'co_location', severity: 'high', score: 70, count: 1,
        });
        const second = await raise([b.agentId, c.agentId], T2, 'LAN beacons heard', 'critical');
        expect(second).toMatchObject({ outcome: 'updated', alert: { id: first.alert.id, severity: 'critical', score: 90, count: 2, firstSeen: T1, lastSeen: T2 } });
        expect(second.alert.agentIds).toEqual([a.agentId, b.agentId, c.agentId]);
        expect(second.alert.reasons).toEqual(['LAN beacons heard', 'same gateway MAC']);
        expect((await store.listAlerts({ ...PAGE, type: 'farm_suspected' })).total).toBe(1);
      });
    });

    describe('audit log', () => {
      it('filters by action, target, actor and time, newest first, paged', async () => {
        const entry = (at: string, action: string, actor: Actor, targetId: string | null) =>
          store.appendAudit({ at, actor, action, targetType: 'thing', targetId, before: { n: 1 }, after: null });
        await entry(T1, 'thing.create', ANALYST, 'a');
        await entry(T2, 'thing.create', ADMIN, 'b');
        await entry(T3, 'thing.delete', ANALYST, 'a');
        await entry(T4, 'retention.delete', { kind: 'system', job: 'retention' }, null);
        const all = await store.listAudit(PAGE);
        expect(all.total).toBe(4);
        expect(all.items.map((e) => e.at)).toEqual([T4, T3, T2, T1]);
        expect(all.items[0]).toMatchObject({ actor: { kind: 'system', job: 'retention' }, targetId: null, before: { n: 1 }, after: null });
        expect((await store.listAudit({ ...PAGE, action: 'thing.create' })).total).toBe(2);
        expect((await store.listAudit({ ...PAGE, targetId: 'a' })).items.map((e) => e.action)).toEqual(['thing.delete', 'thing.create']);
        expect((await store.listAudit({ ...PAGE, actorTokenId: 'tok-admin' })).items.map((e) => e.at)).toEqual([T2]);
        expect((await store.listAudit({ ...PAGE, since: T2, until: T4 })).items.map((e) => e.at)).toEqual([T3, T2]);
        const paged = await store.listAudit({ limit: 1, offset: 1 });
        expect(paged).toMatchObject({ total: 4, items: [{ at: T3 }] });
      });
    });

    describe('suppressions', () => {
      const rule = (overrides: Record<string, unknown> = {}) => ({
        id: randomUUID(), agentId: null, employeeId: null, signal: null, tool: 'AnyDesk', network: null, reason: 'sanctioned for IT',
        createdAt: T1, expiresAt: null, ...overrides,
      });

      it('creates, lists, counts and deletes rules, auditing creation and deletion', async () => {
        const created = await store.createSuppression(rule(), ANALYST);
        expect(created).toMatchObject({ tool: 'AnyDesk', createdBy: ANALYST, suppressedCount: 0, lastSuppressedAt: null, expiresAt: null });
        const later = await store.createSuppression(rule({ createdAt: T2, tool: null, network: '10.0.0.0/8', expiresAt: T4 }), ANALYST);
        expect((await store.listSuppressions(PAGE)).items.map((s) => s.id)).toEqual([later.id, created.id]);

        await store.countSuppressed([created.id, created.id, later.id], T3);
        const counted = (await store.listSuppressions(PAGE)).items.find((s) => s.id === created.id);
        expect(counted).toMatchObject({ suppressedCount: 2, lastSuppressedAt: T3 });

        expect(await store.deleteSuppression(created.id, ADMIN, T3)).toBe(true);
        expect(await store.deleteSuppression(created.id, ADMIN, T3)).toBe(false);
        expect((await store.listSuppressions(PAGE)).total).toBe(1);
        const audit = await store.listAudit({ ...PAGE, targetType: 'suppression', targetId: created.id });
        expect(audit.items.map((e) => e.action)).toEqual(['suppression.delete', 'suppression.create']);
        expect(audit.items[0]).toMatchObject({ actor: ADMIN, before: { id: created.id, suppressedCount: 2 }, after: null });
      });

      it('serves only unexpired rules and deletes expired ones as the system', async () => {
        const forever = await store.createSuppression(rule(), ANALYST);
        const expiring = await store.createSuppression(rule({ expiresAt: T3 }), ANALYST);
        expect((await store.activeSuppressions(T2)).map((s) => s.id).sort()).toEqual([forever.id, expiring.id].sort());
        expect((await store.activeSuppressions(T3)).map((s) => s.id)).toEqual([forever.id]);

        const system: Actor = { kind: 'system', job: 'suppression-expiry' };
        expect(await store.deleteExpiredSuppressions(T2, system)).toEqual([]);
        expect((await store.deleteExpiredSuppressions(T4, system)).map((s) => s.id)).toEqual([expiring.id]);
        expect((await store.listSuppressions(PAGE)).items.map((s) => s.id)).toEqual([forever.id]);
        expect((await store.listAudit({ ...PAGE, action: 'suppression.expire' })).items[0]).toMatchObject({ actor: system, targetId: expiring.id });
      });
    });

    describe('policy and tokens', () => {
      it('stores the policy and audits the change with before and after', async () => {
        await store.setPolicy('{"schemaVersion":1,"vpn":{"allowed":true}}', ADMIN, T1);
        await store.setPolicy('{"schemaVersion":1,"vpn":{"allowed":false}}', ADMIN, T2);
        expect(await store.getSetting('policy')).toBe('{"schemaVersion":1,"vpn":{"allowed":false}}');
        const [latest, first] = (await store.listAudit({ ...PAGE, action: 'policy.update' })).items;
        expect(first).toMatchObject({ before: null, after: { vpn: { allowed: true } } });
        expect(latest).toMatchObject({ actor: ADMIN, before: { vpn: { allowed: true } }, after: { vpn: { allowed: false } } });
      });

      it('issues and revokes tokens with audit entries, keeping the last admin token', async () => {
        const token = (id: string, role: 'admin' | 'viewer', createdAt = T1) => ({ id, tokenHash: hashSecret(mintToken('admin')), role, label: id, createdAt });
        await store.issueAdminTokenAs(token('adm-1', 'admin'), ADMIN);
        await store.issueAdminTokenAs(token('view-1', 'viewer'), ADMIN);
        expect(await store.revokeAdminToken('adm-1', ADMIN, T2)).toMatchObject({ outcome: 'refused' });
        expect(await store.revokeAdminToken('view-1', ADMIN, T2)).toMatchObject({ outcome: 'revoked', token: { id: 'view-1', revokedAt: T2 } });
        expect(await store.revokeAdminToken('view-1', ADMIN, T3)).toMatchObject({ outcome: 'refused' });
        expect(await store.revokeAdminToken('nope', ADMIN, T3)).toEqual({ outcome: 'not_found' });
        await store.issueAdminTokenAs(token('adm-2', 'admin', T3), ADMIN);
        expect(await store.revokeAdminToken('adm-1', ADMIN, T3)).toMatchObject({ outcome: 'revoked' });
        expect(await store.countActiveAdminTokens()).toBe(1);
        const audit = await store.listAudit({ ...PAGE, targetType: 'token' });
        expect(audit.items.map((e) => [e.action, e.targetId])).toEqual([
          ['token.revoke', 'adm-1'], ['token.create', 'adm-2'], ['token.revoke', 'view-1'], ['token.create', 'view-1'], ['token.create', 'adm-1'],
        ]);
        expect(JSON.stringify(audit.items)).not.toMatch(/tokenHash|token_hash/);
      });
    });

    describe('job queries', () => {
      it('finds agents silent since a cutoff, once per silence', async () => {
        const quiet = await enrolled({ enrolledAt: T1 });
        const busy = await enrolled({ enrolledAt: T1 });
        await store.recordReport({ report: makeReport(busy.agentId), receivedAt: T3, decideAlerts });
        expect((await store.findSilentAgents(T2)).map((a) => a.agentId)).toEqual([quiet.agentId]);
        expect((await store.findSilentAgents(T4)).map((a) => [a.agentId, a.lastActivityAt, a.lastSeenAt]).sort()).toEqual(
          [[quiet.agentId, T1, null], [busy.agentId, T3, T3]].sort());

        // Raised for this silence: not found again, even once resolved.
        const silent = buildAlert({
          signal: 'agent_health.silent', dedupKey: `${quiet.agentId}:agent_health.silent`, agentIds: [quiet.agentId],
          summary: 'silent', reasons: ['silent'], evidence: [], seenAt: T4,
        });
        const { alert } = await store.raiseAlert(silent);
        await store.actOnAlert(alert.id, { kind: 'resolve', resolution: 'benign' }, ANALYST, T4);
        expect((await store.findSilentAgents(T4)).map((a) => a.agentId)).toEqual([busy.agentId]);
      });

      it('finds agents sharing a serial or hardware UUID that reported after this one enrolled', async () => {
        const retired = await enrolled({ serial: 'SN-1', enrolledAt: '2025-05-01T00:00:00.000Z' });
        await store.recordReport({ report: makeReport(retired.agentId, { serial: 'SN-1' }), receivedAt: '2025-05-02T00:00:00.000Z', decideAlerts });
        const original = await enrolled({ serial: 'SN-1', enrolledAt: T1 });
        const clone = await enrolled({ serial: 'SN-1', enrolledAt: T2 });
        const other = await enrolled({ serial: 'SN-2', enrolledAt: T2 });
        for (const [agent, at] of [[original, T2], [clone, T3], [other, T3]] as const) {
          await store.recordReport({ report: makeReport(agent.agentId, { serial: agent === other ? 'SN-2' : 'SN-1' }), receivedAt: at, decideAlerts });
        }
        // The reinstalled agent's predecessor stopped before it enrolled: not a clone.
        expect((await store.findHardwareSiblings(original.agentId, 'SN-1', null)).map((s) => s.agentId)).toEqual([clone.agentId]);
        expect((await store.findHardwareSiblings(clone.agentId, 'SN-1', null)).map((s) => s.agentId)).toEqual([original.agentId]);
        // makeReport gives every device the same hardware UUID.
        const byUuid = await store.findHardwareSiblings(other.agentId, null, '4c4c4544-0031-3210-8052-b4c04f4a4d32');
        expect(byUuid.map((s) => s.agentId).sort()).toEqual([original.agentId, clone.agentId].sort());
        expect(await store.findHardwareSiblings(other.agentId, null, null)).toEqual([]);
      });

      it('deletes reports and their findings received before a cutoff, keeping alerts', async () => {
        const agent = await enrolled();
        const old = makeReport(agent.agentId, { findings: [finding('ip_kvm.edid_match', 'critical', 'PiKVM')] });
        const recent = makeReport(agent.agentId, { findings: [finding('vpn.tunnel_interface', 'low', 'tun0')] });
        await store.recordReport({ report: old, receivedAt: T1, decideAlerts });
        await store.recordReport({ report: recent, receivedAt: T3, decideAlerts });
        expect(await store.deleteReportsBefore(T2)).toBe(1);
        expect(await store.deleteReportsBefore(T2)).toBe(0);
        const detail = await store.getDevice(agent.agentId);
        expect(detail?.device.reportCount).toBe(1);
        expect(detail?.latestReport).toMatchObject({ reportId: recent.reportId, findings: recent.findings });
        expect((await store.listAlerts({ ...PAGE, agentId: agent.agentId })).total).toBe(1);
      });
    });
  });
}
