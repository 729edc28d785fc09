// Two collectors on one PostgreSQL database: each keeps its own co-location engine fed from the
// store, so both see the farm one collector stored; only the job leader raises its alert.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import { CorrelationService } from '../../server/farm/service.js';
import { toInventoryRecord } from '../../server/inventory/record.js';
import { openPostgresStore, withSearchPath } from '../../server/store/postgres/open.js';
import type { Egress } from '../../server/store/inventory-store.js';
import type { Store } from '../../server/store/store.js';
import { Report } from '../../shared/index.js';
import { makeReport } from './fixtures.js';
import { TEST_DATABASE_URL, describePostgres, dropSchemas, postgresUnavailable, testSchemaName } from './postgres.js';

const schema = testSchemaName();
const stores: Store[] = [];
const services: CorrelationService[] = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await Promise.all(stores.map((s) => s.close()));
  if (postgresUnavailable === undefined) await dropSchemas([schema]);
});

describePostgres('co-location across collectors on PostgreSQL', () => {
  it('lets every collector see the cluster and only the leader raise the alert, once', async () => {
    const [a, b] = [await openPostgresStore(TEST_DATABASE_URL, { schema }), await openPostgresStore(TEST_DATABASE_URL, { schema })];
    stores.push(a, b);
    const logger = pino({ level: 'silent' });
    const leader = new CorrelationService({ store: a, logger, pollMs: 0, leading: () => true });
    const follower = new CorrelationService({ store: b, logger, pollMs: 0, leading: () => false });
    services.push(leader, follower);
    await Promise.all([leader.start(), follower.start()]);

    const gateway = 'f'.repeat(32);
    const serials = ['PG-1', 'PG-2', 'PG-3', 'PG-4'];
    await a.importInventory(serials.map((serial, i) => toInventoryRecord({ serial, employeeId: `E-${i}`, employeeName: `N ${i}`, city: 'Austin', country: 'US', workMode: 'remote' }, new Date().toISOString())), { replace: false });
    // Reports stored half through each collector's store.
    for (const [i, serial] of serials.entries()) {
      const store = i % 2 === 0 ? a : b;
      const agentId = randomUUID();
      await store.createAgent({ agentId, tokenHash: hashSecret(mintToken('agent')), hostname: `h-${serial}`, platform: 'linux', agentVersion: '0.1.0', serial, hardwareUuid: null, enrolledAt: new Date().toISOString() });
      const base = makeReport(agentId, { serial, hostname: `h-${serial}` });
      const report = Report.parse({ ...base, network: { ...base.network, gatewayMacHash: gateway } });
      const receivedAt = new Date().toISOString();
      expect((await store.recordReport({ report, receivedAt, decideAlerts, egress: egressOf('81.2.69.160') })).outcome).toBe('stored');
    }
    // The follower polls first: it sees the farm but raises nothing.
    await follower.poll();
    expect(follower.engine.clusters().map((c) => [c.members.length, c.score.farmSuspected])).toEqual([[4, true]]);
    expect((await a.listAlerts({ type: 'farm_suspected', limit: 10, offset: 0 })).total).toBe(0);
    await leader.poll();
    expect(leader.engine.clusters().map((c) => c.id)).toEqual(follower.engine.clusters().map((c) => c.id));
    const alerts = await b.listAlerts({ type: 'farm_suspected', limit: 10, offset: 0 });
    expect(alerts.total).toBe(1);
    expect(alerts.items[0]!.agentIds).toHaveLength(4);
    // Reading again changes nothing.
    await Promise.all([leader.poll(), follower.poll()]);
    expect((await a.listAlerts({ type: 'farm_suspected', limit: 10, offset: 0 })).items[0]!.count).toBe(1);
  });

  it('reads a report whose transaction committed after a later one had been read', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
    stores.push(store);
    const service = new CorrelationService({ store, logger: pino({ level: 'silent' }), pollMs: 0, leading: () => false });
    services.push(service);
    await service.start();
    const enrol = async (serial: string) => {
      const agentId = randomUUID();
      await store.createAgent({ agentId, tokenHash: hashSecret(mintToken('agent')), hostname: `h-${serial}`, platform: 'linux', agentVersion: '0.1.0', serial, hardwareUuid: null, enrolledAt: new Date().toISOString() });
      return agentId;
    };
    const [slow, fast] = [await enrol('GAP-1'), await enrol('GAP-2')];
    // A transaction that takes its position, then waits before committing.
    const pending = new Client({ connectionString: withSearchPath(TEST_DATABASE_URL, schema) });
    await pending.connect();
    try {
      await pending.query('BEGIN');
      const late = makeReport(slow, { serial: 'GAP-1', hostname: 'h-GAP-1' });
      const { rows: [inserted] } = await pending.query<{ seq: string }>(`INSERT INTO reports (report_id, agent_id, received_at, scanned_at, body, findings, finding_count)
        VALUES ($1, $2, now(), $3, $4::text::jsonb, $4::text::json -> 'findings', $5) RETURNING seq`, [late.reportId, slow, late.scan.finishedAt, JSON.stringify(late), late.findings.length]);
      // A later position commits first and is read.
      const early = makeReport(fast, { serial: 'GAP-2', hostname: 'h-GAP-2' });
      const stored = await store.recordReport({ report: early, receivedAt: new Date().toISOString(), decideAlerts });
      expect(stored.outcome === 'stored' && stored.seq > Number(inserted!.seq)).toBe(true);
      await service.poll();
      expect(service.device(fast)).toBeDefined();
      expect(service.device(slow)).toBeUndefined();
      // The earlier position commits: the next poll still reads it.
      await pending.query('COMMIT');
      await service.poll();
      expect(service.device(slow)?.lastReportAt).toBeDefined();
    } finally {
      await pending.end();
    }
  });
});

const egressOf = (ip: string): Egress => ({ ip, prefix64: null, country: null, city: null, latitude: null,
  longitude: null, asn: null, asOrganisation: null, hosting: null, office: null });
