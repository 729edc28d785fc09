// The co-location correlation wired into a real collector: reports stored over HTTP reach the
// engine, a farm raises one farm_suspected alert, a household and an office do not, the clusters
// API explains it, a restart rebuilds the same cluster from the store, and a dissolved cluster
// leaves its alert with a note.
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CorrelationService } from '../../server/farm/service.js';
import { Report, type Finding } from '../../shared/index.js';
import { call, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

const hash = (c: string) => c.repeat(32);
const FARM_GW = hash('a');
const HOME_GW = hash('b');
const OFFICE_GW = hash('c');
const DAY = 86_400_000;

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

type Agent = { agentId: string; agentToken: string; serial: string };

async function enrolAs(c: TestCollector, serial: string): Promise<Agent> {
  const response = await call(c.url, '/api/v1/enroll', { body: { schemaVersion: 1, enrollSecret: c.enrollSecret, hostname: `host-${serial}`, platform: 'linux', agentVersion: '0.1.0', serial } });
  expect(response.status).toBe(201);
  return { ...(response.body as { agentId: string; agentToken: string }), serial };
}

async function deliver(c: TestCollector, agent: Agent, egress: string, network: Record<string, unknown>, lanPeers: string[] = [], findings: Finding[] = []) {
  const base = makeReport(agent.agentId, { serial: agent.serial, hostname: `host-${agent.serial}`, findings });
  const report = Report.parse({
    ...base, network: { ...base.network, ...network },
    lanPeers: lanPeers.map((agentId) => ({ agentId, heardAt: new Date().toISOString() })),
  });
  const response = await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: report, headers: { 'x-forwarded-for': egress } });
  expect(response.status).toBe(202);
}

async function importInventory(c: TestCollector, rows: [serial: string, employee: string][]) {
  const records = rows.map(([serial, employeeId]) => ({ serial, employeeId, employeeName: `Name ${employeeId}`, city: 'Austin', country: 'US', workMode: 'remote' }));
  expect((await call(c.url, '/api/v1/inventory', { token: c.adminToken, body: records })).status).toBe(200);
}

async function farmAlerts(c: TestCollector) {
  return (await call(c.url, '/api/v1/alerts?type=farm_suspected', { token: c.adminToken })).body.alerts as { id: string; agentIds: string[]; signal: string; dedupKey: string; reasons: string[]; evidence: { subject: string; evidence: Record<string, unknown> }[]; count: number }[];
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('co-location correlation in the collector', () => {
  it('raises one farm alert for four employees behind one router, none for a household or an office', { timeout: 30_000 }, async () => {
    collector = await startCollector({ trustProxy: true, correlationPollMs: 100 });
    const c = collector;
    const farm = await Promise.all(['F1', 'F2', 'F3', 'F4'].map((s) => enrolAs(c, s)));
    const home = await Promise.all(['H1', 'H2'].map((s) => enrolAs(c, s)));
    const office = await Promise.all(['O1', 'O2', 'O3'].map((s) => enrolAs(c, s)));
    await importInventory(c, [['F1', 'E-1'], ['F2', 'E-2'], ['F3', 'E-3'], ['F4', 'E-4'], ['H1', 'E-5'], ['H2', 'E-6'], ['O1', 'E-7'], ['O2', 'E-8'], ['O3', 'E-9']]);
    expect((await call(c.url, '/api/v1/offices', { token: c.adminToken, body: { name: 'HQ', egressCidrs: ['8.8.4.0/24'] } })).status).toBe(201);

    const farmIds = farm.map((a) => a.agentId);
    for (const [i, agent] of farm.entries()) {
      const kvm = i === 0 ? [finding('ip_kvm.usb_vendor_match', 'critical', 'PiKVM')] : [];
      await deliver(c, agent, '81.2.69.160', { gatewayMacHash: FARM_GW }, farmIds.filter((id) => id !== agent.agentId), kvm);
    }
    for (const agent of home) await deliver(c, agent, '81.2.69.161', { gatewayMacHash: HOME_GW }, home.map((a) => a.agentId).filter((id) => id !== agent.agentId));
    for (const agent of office) await deliver(c, agent, '8.8.4.4', { gatewayMacHash: OFFICE_GW }, office.map((a) => a.agentId).filter((id) => id !== agent.agentId));

    const alerts = await until(() => farmAlerts(c), (a) => a[0]?.agentIds.length === 4);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert!.signal).toBe('co_location.lan_peer');
    expect([...alert!.agentIds].sort()).toEqual([...farmIds].sort());
    expect(alert!.reasons[0]).toMatch(/^4 laptops assigned to 4 different employees share one home network/);
    expect(alert!.reasons.join('\n')).toContain(FARM_GW);
    expect(alert!.evidence.map((e) => e.subject)).toEqual(expect.arrayContaining(['host-F1', 'host-F2', 'host-F3', 'host-F4']));
    expect(alert!.evidence[0]!.evidence).toMatchObject({ egressIps: ['81.2.69.160'], employees: ['E-1', 'E-2', 'E-3', 'E-4'] });
    expect(alert!.evidence.find((e) => e.subject === 'host-F1')!.evidence).toMatchObject({ ipKvm: ['PiKVM'], employeeId: 'E-1' });

    // The clusters API: the household is a cluster below the threshold; the office is none.
    const all = await call(c.url, '/api/v1/clusters', { token: c.adminToken });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(all.body.clusters.map((x: { farmSuspected: boolean; devices: unknown[] }) => [x.farmSuspected, x.devices.length])).toEqual([[true, 4], [false, 2]]);
    const suspected = await call(c.url, '/api/v1/clusters?suspected=true', { token: c.adminToken });
    expect(suspected.body.clusters).toHaveLength(1);
    expect((await call(c.url, '/api/v1/clusters?minScore=99.5', { token: c.adminToken })).body.total).toBe(0);
    const id = suspected.body.clusters[0].id as string;
    expect(alert!.dedupKey).toBe(`farm:${id}`);

    const detail = await call(c.url, `/api/v1/clusters/${encodeURIComponent(id)}`, { token: c.adminToken });
    expect(detail.status).toBe(200);
    const cluster = detail.body.cluster;
    expect(cluster.members.map((m: { hostname: string; employeeId: string }) => [m.hostname, m.employeeId]).sort()).toEqual([
      ['host-F1', 'E-1'], ['host-F2', 'E-2'], ['host-F3', 'E-3'], ['host-F4', 'E-4']]);
    expect(cluster.edges).toHaveLength(6);
    expect(cluster.edges[0].evidence.map((e: { kind: string }) => e.kind)).toEqual(['beacon', 'gateway', 'ip']);
    expect(cluster.edges[0].evidence[0].expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(cluster.breakdown.map((f: { factor: string }) => f.factor)).toEqual(['co_location', 'employees', 'devices', 'remote_control']);
    expect(cluster.ipKvmDevices).toBe(1);

    // A report that changes nothing does not touch the alert; a viewer may read clusters.
    const count = (await farmAlerts(c))[0]!.count;
    await deliver(c, farm[1]!, '81.2.69.160', { gatewayMacHash: FARM_GW }, farmIds.filter((x) => x !== farm[1]!.agentId));
    await new Promise((r) => setTimeout(r, 300));
    const viewer = await call(c.url, '/api/v1/tokens', { token: c.adminToken, body: { role: 'viewer' } });
    expect((await call(c.url, '/api/v1/clusters', { token: viewer.body.secret })).status).toBe(200);
    expect((await call(c.url, '/api/v1/clusters/cluster:nope', { token: viewer.body.secret })).status).toBe(404);
    expect((await call(c.url, '/api/v1/clusters?minScore=abc', { token: c.adminToken })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await call(c.url, '/api/v1/clusters')).status).toBe(401);
    expect((await farmAlerts(c))[0]!.count).toBe(count);
  });

  it('rebuilds the cluster after a restart, continues its alert under the new cluster id, and notes a dissolved cluster', { timeout: 30_000 }, async () => {
    collector = await startCollector({ trustProxy: true, correlationPollMs: 100 });
    const c = collector;
    const farm = await Promise.all(['F1', 'F2', 'F3', 'F4'].map((s) => enrolAs(c, s)));
    await importInventory(c, [['F1', 'E-1'], ['F2', 'E-2'], ['F3', 'E-3'], ['F4', 'E-4']]);
    const rc = [finding('remote_access.process_running', 'high', 'AnyDesk')];
    // Live, the two largest ids link first (the cluster is named after the smaller of them); their
    // later reports make the two smallest ids the first pair of a replay, which names it differently.
    const [d0, d1, d2, d3] = [...farm].sort((x, y) => (x.agentId < y.agentId ? -1 : 1)) as [Agent, Agent, Agent, Agent];
    for (const agent of [d2, d3, d0, d1]) await deliver(c, agent, '81.2.69.160', { gatewayMacHash: FARM_GW }, [], rc);
    const [alert] = await until(() => farmAlerts(c), (a) => a[0]?.agentIds.length === 4);
    expect(alert!.dedupKey).toBe(`farm:cluster:${d2.agentId}`);
    for (const agent of [d2, d3]) await deliver(c, agent, '81.2.69.160', { gatewayMacHash: FARM_GW }, [], rc);
    expect(alert!.signal).toBe('co_location.shared_network');
    await new Promise((r) => setTimeout(r, 300));
    const count = (await farmAlerts(c))[0]!.count;

    // A second collector process on the same store: rebuilt from each device's latest report.
    const restarted = new CorrelationService({ store: c.store, logger: pino({ level: 'silent' }), pollMs: 0, leading: () => true });
    await restarted.start();
    const clusters = restarted.engine.clusters();
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.id).toBe(`cluster:${d0.agentId}`);
    expect(await restarted.sweep(Date.now())).toMatchObject({ clusters: 1, suspected: 1, raised: 1 });
    const after = await farmAlerts(c);
    expect(after).toHaveLength(1);
    expect(after[0]!.count).toBe(count + 1);

    // A week and more later every piece of evidence has expired: the cluster dissolves, the alert stays with a note.
    await restarted.sweep(Date.now() + 8 * DAY);
    expect(restarted.engine.clusters()).toEqual([]);
    const detail = await call(c.url, `/api/v1/alerts/${alert!.id}`, { token: c.adminToken });
    expect(detail.body.alert.status).toBe('open');
    expect(detail.body.notes.map((n: { text: string }) => n.text).join('\n')).toMatch(/dissolved/);
    await restarted.stop();
  });

  it('does not count a private egress address as a shared public IP unless it is a lab network', async () => {
    collector = await startCollector({ trustProxy: true, correlationPollMs: 100 });
    const c = collector;
    const pair = await Promise.all(['P1', 'P2'].map((s) => enrolAs(c, s)));
    await importInventory(c, [['P1', 'E-1'], ['P2', 'E-2']]);
    for (const agent of pair) await deliver(c, agent, '198.18.0.7', {});
    const plain = new CorrelationService({ store: c.store, logger: pino({ level: 'silent' }), pollMs: 0, leading: () => false });
    await plain.start();
    expect(plain.engine.clusters()).toEqual([]);
    const { parseLabNetworks } = await import('../../server/farm/public-egress.js');
    const lab = new CorrelationService({ store: c.store, logger: pino({ level: 'silent' }), pollMs: 0, leading: () => false, labNetworks: parseLabNetworks(['198.18.0.0/15']) });
    await lab.start();
    expect(lab.engine.clusters().map((x) => x.evidenceKinds)).toEqual([['ip']]);
  });
});
