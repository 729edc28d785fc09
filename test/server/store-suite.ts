// The behaviour every Store implementation must have. Each implementation calls
// runStoreSuite from its own *.test.ts with a factory for a fresh, empty store.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import type { AlertRule, NewAgent, Store } from '../../server/store/store.js';
import { finding, makeReport } from './fixtures.js';

const T1 = '2025-06-01T10:00:00.000Z';
const T2 = '2025-06-01T14:00:00.000Z';
const T3 = '2025-06-01T18:00:00.000Z';

function newAgent(overrides: Partial<NewAgent> = {}): NewAgent & { token: string } {
  const token = mintToken('agent');
  return {
    agentId: randomUUID(), tokenHash: hashSecret(token), token, hostname: 'enrolled-host', platform: 'linux',
    agentVersion: '0.1.0', serial: null, hardwareUuid: null, enrolledAt: '2025-06-01T09:00:00.000Z', ...overrides,
  };
}

export function runStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
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

    describe('settings', () => {
      it('stores, overwrites and reads values', async () => {
        expect(await store.getSetting('policy')).toBeUndefined();
        await store.setSetting('policy', '{"a":1}');
        await store.setSetting('policy', '{"a":2}');
        expect(await store.getSetting('policy')).toBe('{"a":2}');
      });

      it('initSetting keeps the first value', async () => {
        expect(await store.initSetting('org_key', 'first')).toBe('first');
        expect(await store.initSetting('org_key', 'second')).toBe('first');
        expect(await store.getSetting('org_key')).toBe('first');
      });
    });

    describe('agents and devices', () => {
      it('finds an agent by token hash only', async () => {
        const agent = await enrolled();
        expect(await store.findAgentIdByTokenHash(agent.tokenHash)).toBe(agent.agentId);
        expect(await store.findAgentIdByTokenHash(hashSecret(mintToken('agent')))).toBeUndefined();
      });

      it('rejects a second agent with the same token hash', async () => {
        const agent = await enrolled();
        await expect(store.createAgent(newAgent({ tokenHash: agent.tokenHash }))).rejects.toThrow();
      });

      it('shows an enrolled device without reports', async () => {
        const agent = await enrolled({ serial: 'SN-1' });
        const detail = await store.getDevice(agent.agentId);
        expect(detail?.device).toMatchObject({ agentId: agent.agentId, hostname: 'enrolled-host', serial: 'SN-1', lastSeenAt: null, openAlertCount: 0, reportCount: 0 });
        expect(detail?.latestReport).toBeNull();
        expect(await store.getDevice(randomUUID())).toBeUndefined();
      });

      it('lists devices most recently seen first, paged', async () => {
        const quiet = await enrolled({ enrolledAt: '2025-05-01T00:00:00.000Z' });
        const busy = await enrolled({ enrolledAt: '2025-05-02T00:00:00.000Z' });
        await store.recordReport({ report: makeReport(busy.agentId), receivedAt: T1, decideAlerts });
        const all = await store.listDevices({ limit: 10, offset: 0 });
        expect(all.total).toBe(2);
        expect(all.items.map((d) => d.agentId)).toEqual([busy.agentId, quiet.agentId]);
        const second = await store.listDevices({ limit: 1, offset: 1 });
        expect(second.items.map((d) => d.agentId)).toEqual([quiet.agentId]);
        expect(second.total).toBe(2);
      });
    });

    describe('reports', () => {
      it('stores a report, its findings and the host facts it carries', async () => {
        const agent = await enrolled();
        const report = makeReport(agent.agentId, {
          hostname: 'renamed-host', serial: 'SN-9',
          findings: [finding('vpn.tunnel_interface', 'low', 'tun0'), finding('remote_access.installed', 'medium')],
        });
        expect(await store.recordReport({ report, receivedAt: T1, decideAlerts }))
          .toEqual({ outcome: 'stored', seq: expect.any(Number), alertsOpened: 0, alertsUpdated: 0 });
        const detail = await store.getDevice(agent.agentId);
        expect(detail?.device).toMatchObject({
          hostname: 'renamed-host', serial: 'SN-9', osRelease: 'Debian 12', arch: 'x64', model: 'ThinkPad T14', lastSeenAt: T1,
        });
        expect(detail?.latestReport).toMatchObject({ reportId: report.reportId, receivedAt: T1, scannedAt: report.scan.finishedAt, findingCount: 2 });
        expect(detail?.latestReport?.findings).toEqual(report.findings);
      });

      it('shows the latest report on the device', async () => {
        const agent = await enrolled();
        await store.recordReport({ report: makeReport(agent.agentId, { findings: [finding('vpn.tunnel_interface', 'low')] }), receivedAt: T1, decideAlerts });
        const latest = makeReport(agent.agentId);
        await store.recordReport({ report: latest, receivedAt: T2, decideAlerts });
        const detail = await store.getDevice(agent.agentId);
        expect(detail?.latestReport).toMatchObject({ reportId: latest.reportId, findingCount: 0, findings: [] });
      });

      it('treats a repeated report id as a duplicate and changes nothing', async () => {
        const agent = await enrolled();
        const report = makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high')] });
        await store.recordReport({ report, receivedAt: T1, decideAlerts });
        const resent = { ...report, host: { ...report.host, hostname: 'changed' }, findings: [...report.findings, finding('ip_kvm.edid_match', 'critical', 'PiKVM')] };
        expect(await store.recordReport({ report: resent, receivedAt: T2, decideAlerts })).toEqual({ outcome: 'duplicate' });

        const detail = await store.getDevice(agent.agentId);
        expect(detail?.device).toMatchObject({ hostname: 'laptop-17', lastSeenAt: T1, reportCount: 1 });
        expect(detail?.latestReport?.findings).toEqual(report.findings);
        const alerts = await store.listAlerts({ limit: 10, offset: 0 });
        expect(alerts.items.map((a) => [a.signal, a.count])).toEqual([['remote_access.process_running', 1]]);
      });

      it('reports a report id used by another agent as a foreign duplicate', async () => {
        const first = await enrolled();
        const second = await enrolled();
        const report = makeReport(first.agentId);
        await store.recordReport({ report, receivedAt: T1, decideAlerts });
        const outcome = await store.recordReport({ report: { ...report, agentId: second.agentId }, receivedAt: T2, decideAlerts });
        expect(outcome).toEqual({ outcome: 'foreign_duplicate' });
        expect((await store.getDevice(second.agentId))?.latestReport).toBeNull();
      });

      it('stores a batch as it would store its reports one after another, in the order given', async () => {
        const [a, b, c] = [await enrolled(), await enrolled(), await enrolled()];
        const earlier = makeReport(c.agentId);
        await store.recordReport({ report: earlier, receivedAt: T1, decideAlerts });
        const kvm = finding('remote_access.process_running', 'high');
        const first = makeReport(a.agentId, { hostname: 'first-name', findings: [kvm] });
        const second = makeReport(a.agentId, { hostname: 'second-name', findings: [{ ...kvm, severity: 'critical' }] });
        const other = makeReport(b.agentId, { findings: [kvm] });
        const batch = [
          { report: first, receivedAt: T2, decideAlerts },
          { report: other, receivedAt: T2, decideAlerts },
          { report: earlier, receivedAt: T2, decideAlerts },
          { report: { ...earlier, agentId: b.agentId }, receivedAt: T2, decideAlerts },
          { report: second, receivedAt: T3, decideAlerts },
          { report: first, receivedAt: T3, decideAlerts },
        ];
        const results = await store.recordReports(batch);
        expect(results.map((r) => r.outcome)).toEqual(['stored', 'stored', 'duplicate', 'foreign_duplicate', 'stored', 'duplicate']);
        expect(results.map((r) => (r.outcome === 'stored' ? [r.alertsOpened, r.alertsUpdated] : null)))
          .toEqual([[1, 0], [1, 0], null, null, [0, 1], null]);
        // Positions follow the batch's order.
        const seqs = results.flatMap((r) => (r.outcome === 'stored' ? [r.seq] : []));
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        expect(new Set(seqs).size).toBe(3);

        // The second report of one agent saw the alert the first opened, and raised its severity.
        const alerts = await store.listAlerts({ agentId: a.agentId, limit: 10, offset: 0 });
        expect(alerts.items.map((x) => [x.signal, x.count, x.severity, x.lastSeen])).toEqual([['remote_access.process_running', 2, 'critical', T3]]);
        // The agent's row is as its last report left it.
        expect((await store.getDevice(a.agentId))?.device).toMatchObject({ hostname: 'second-name', lastSeenAt: T3, reportCount: 2 });
        expect((await store.getDevice(b.agentId))?.device).toMatchObject({ lastSeenAt: T2, reportCount: 1 });
        expect((await store.getDevice(c.agentId))?.device).toMatchObject({ lastSeenAt: T1, reportCount: 1 });
      });

      it('stores a batch larger than one statement carries (PostgreSQL inserts 1,000 reports per statement)', async () => {
        const agent = await enrolled();
        const reports = Array.from({ length: 1_001 }, () => makeReport(agent.agentId));
        const results = await store.recordReports([...reports, reports[0]!].map((report) => ({ report, receivedAt: T1, decideAlerts })));
        expect(results.slice(0, -1).every((r) => r.outcome === 'stored')).toBe(true);
        expect(results.at(-1)).toEqual({ outcome: 'duplicate' });
        const seqs = results.flatMap((r) => (r.outcome === 'stored' ? [r.seq] : []));
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        expect((await store.getDevice(agent.agentId))?.device.reportCount).toBe(1_001);
      });

      it('stores nothing when the alert rule fails, so the report can be delivered again', async () => {
        const agent = await enrolled();
        const report = makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high')] });
        const failing: AlertRule = () => {
          throw new Error('rule exploded');
        };
        await expect(store.recordReport({ report, receivedAt: T1, decideAlerts: failing })).rejects.toThrow('rule exploded');
        expect((await store.getDevice(agent.agentId))?.device.lastSeenAt).toBeNull();
        expect((await store.getDevice(agent.agentId))?.latestReport).toBeNull();
        expect(await store.recordReport({ report, receivedAt: T2, decideAlerts })).toMatchObject({ outcome: 'stored', alertsOpened: 1 });
      });

      it('refuses a second unresolved alert with the same dedup key and rolls the report back', async () => {
        const agent = await enrolled();
        await store.recordReport({ report: makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high')] }), receivedAt: T1, decideAlerts });
        // A faulty rule that always opens, ignoring the active alert.
        const alwaysOpen: AlertRule = (input) => decideAlerts({ ...input, activeAlerts: [] });
        const report = makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high')] });
        await expect(store.recordReport({ report, receivedAt: T2, decideAlerts: alwaysOpen })).rejects.toThrow();
        expect((await store.getDevice(agent.agentId))?.device.lastSeenAt).toBe(T1);
        expect((await store.listAlerts({ limit: 10, offset: 0 })).total).toBe(1);
      });
    });

    describe('alerts', () => {
      it('opens one alert per device and signal, then updates it while unresolved', async () => {
        const agent = await enrolled();
        const first = makeReport(agent.agentId, {
          findings: [finding('remote_access.process_running', 'high', 'AnyDesk'), finding('remote_access.process_running', 'high', 'RustDesk')],
        });
        expect(await store.recordReport({ report: first, receivedAt: T1, decideAlerts })).toMatchObject({ alertsOpened: 1, alertsUpdated: 0 });
        const second = makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'critical', 'TeamViewer')] });
        expect(await store.recordReport({ report: second, receivedAt: T2, decideAlerts })).toMatchObject({ alertsOpened: 0, alertsUpdated: 1 });

        const { items, total } = await store.listAlerts({ limit: 10, offset: 0 });
        expect(total).toBe(1);
        expect(items[0]).toMatchObject({
          dedupKey: `${agent.agentId}:remote_access.process_running`, agentId: agent.agentId, category: 'remote_access',
          severity: 'critical', status: 'open', firstSeen: T1, lastSeen: T2, count: 2,
        });
        expect(items[0]!.evidence.map((e) => e.subject)).toEqual(['TeamViewer']);
        expect(items[0]!.evidence[0]!.evidence).toEqual({ process: 'teamviewer', pid: 4242 });
        expect((await store.getDevice(agent.agentId))?.device.openAlertCount).toBe(1);
      });

      it('filters by status, severity, signal and agent, newest first, paged', async () => {
        const a = await enrolled();
        const b = await enrolled();
        await store.recordReport({ report: makeReport(a.agentId, { findings: [finding('remote_access.process_running', 'high')] }), receivedAt: T1, decideAlerts });
        await store.recordReport({ report: makeReport(b.agentId, { findings: [finding('ip_kvm.edid_match', 'critical', 'PiKVM')] }), receivedAt: T2, decideAlerts });
        await store.recordReport({ report: makeReport(a.agentId, { findings: [finding('vpn.default_route_tunnel', 'high', 'tun0')] }), receivedAt: T3, decideAlerts });

        const page = { limit: 10, offset: 0 };
        const all = await store.listAlerts(page);
        expect(all.items.map((x) => x.signal)).toEqual(['vpn.default_route_tunnel', 'ip_kvm.edid_match', 'remote_access.process_running']);
        expect((await store.listAlerts({ ...page, severity: 'critical' })).items.map((x) => x.signal)).toEqual(['ip_kvm.edid_match']);
        expect((await store.listAlerts({ ...page, signal: 'vpn.default_route_tunnel' })).total).toBe(1);
        expect((await store.listAlerts({ ...page, agentId: a.agentId })).total).toBe(2);
        expect((await store.listAlerts({ ...page, status: 'open' })).total).toBe(3);
        expect((await store.listAlerts({ ...page, status: 'resolved' })).total).toBe(0);
        const paged = await store.listAlerts({ limit: 1, offset: 1 });
        expect(paged.items.map((x) => x.signal)).toEqual(['ip_kvm.edid_match']);
        expect(paged.total).toBe(3);
      });
    });

    describe('admin tokens', () => {
      it('creates, finds, counts, revokes and lists tokens', async () => {
        const hash = (t: string) => hashSecret(t);
        const [first, second, analyst] = [mintToken('admin'), mintToken('admin'), mintToken('admin')];
        expect(await store.countActiveAdminTokens()).toBe(0);
        await store.createAdminToken({ id: 'tok-1', tokenHash: hash(first), role: 'admin', label: 'first start', createdAt: T1 });
        await store.createAdminToken({ id: 'tok-2', tokenHash: hash(second), role: 'admin', label: null, createdAt: T2 });
        await store.createAdminToken({ id: 'tok-3', tokenHash: hash(analyst), role: 'analyst', label: null, createdAt: T3 });
        expect(await store.findAdminTokenByHash(hash(first))).toEqual({ id: 'tok-1', role: 'admin', label: 'first start', createdAt: T1, revokedAt: null });
        expect(await store.findAdminTokenByHash(hash(mintToken('admin')))).toBeUndefined();
        expect(await store.countActiveAdminTokens()).toBe(3);

        expect(await store.revokeAdminTokens('admin', 'tok-2', T3)).toBe(1);
        expect((await store.findAdminTokenByHash(hash(first)))?.revokedAt).toBe(T3);
        expect((await store.findAdminTokenByHash(hash(second)))?.revokedAt).toBeNull();
        expect(await store.countActiveAdminTokens()).toBe(2);
        expect((await store.listAdminTokens()).map((t) => [t.id, t.role, t.revokedAt])).toEqual([
          ['tok-1', 'admin', T3], ['tok-2', 'admin', null], ['tok-3', 'analyst', null],
        ]);
        await expect(store.createAdminToken({ id: 'tok-4', tokenHash: hash(first), role: 'viewer', label: null, createdAt: T3 })).rejects.toThrow();
      });
    });
  });
}
