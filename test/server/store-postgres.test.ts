// The Store contract on a real PostgreSQL server, plus what is specific to PostgreSQL: schemas,
// migrations under an advisory lock, and several collector processes (pools) at once.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { afterAll, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import { MIGRATIONS, MigrationError, migrate } from '../../server/store/postgres/migrations.js';
import { PostgresConnectError, openPostgresStore, withSearchPath } from '../../server/store/postgres/open.js';
import type { Store } from '../../server/store/store.js';
import { finding, makeReport } from './fixtures.js';
import { TEST_DATABASE_URL, createSchema, describePostgres, dropSchemas, postgresUnavailable, queryIn, testSchemaName } from './postgres.js';
import { runCorrelationStoreSuite } from './store-correlation-suite.js';
import { runComplianceStoreSuite } from './store-compliance-suite.js';
import { runInventoryStoreSuite } from './store-inventory-suite.js';
import { runOperationsSuite } from './store-operations-suite.js';
import { runStoreSuite } from './store-suite.js';
import { runUserStoreSuite } from './store-users-suite.js';
import { runAlertQuerySuite } from './store-alert-query-suite.js';
import { runTimelineStoreSuite } from './store-timeline-suite.js';
import { runAlertStatsStoreSuite } from './store-alert-stats-suite.js';

/** Every table but schema_migrations, whichever migrations added them. */
async function truncateAll(schema: string): Promise<void> {
  const tables = await queryIn<{ name: string }>(schema,
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`, [schema]);
  await queryIn(schema, `TRUNCATE ${tables.map((t) => t.name).join(', ')}`);
}
const schemas = new Set<string>();
const stores: Store[] = [];

/** A schema name dropped when the file is done. */
function ownSchema(): string {
  const schema = testSchemaName();
  schemas.add(schema);
  return schema;
}

async function open(schema: string): Promise<Store> {
  const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
  stores.push(store);
  return store;
}

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  if (postgresUnavailable === undefined) await dropSchemas(schemas);
});

describePostgres('PostgreSQL store', () => {
  const suiteSchema = ownSchema();
  runStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runOperationsSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runInventoryStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runComplianceStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runCorrelationStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runUserStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runAlertQuerySuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runTimelineStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });
  runAlertStatsStoreSuite('postgres', async () => {
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema: suiteSchema });
    await truncateAll(suiteSchema);
    return store;
  });

  it('creates its schema with every migration recorded, and leaves public alone', async () => {
    const schema = ownSchema();
    await (await open(schema)).close();
    const versions = await queryIn<{ version: number }>(schema, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await queryIn<{ table_schema: string }>(schema,
      `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name = 'alerts' AND table_schema IN ($1, 'public')`, [schema]);
    expect(tables).toEqual([{ table_schema: schema }]);
  });

  it('keeps data across reopening and does not migrate twice', async () => {
    const schema = ownSchema();
    const first = await open(schema);
    await first.setSetting('org_key', 'kept');
    await first.close();
    const second = await open(schema);
    expect(await second.getSetting('org_key')).toBe('kept');
    expect(await queryIn(schema, 'SELECT COUNT(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
  });

  it('applies a later migration once, inside a transaction with its version row', async () => {
    const schema = ownSchema();
    await createSchema(schema);
    const pool = new Pool({ connectionString: withSearchPath(TEST_DATABASE_URL, schema) });
    try {
      const later = [...MIGRATIONS, { version: 99, name: 'add notes', sql: 'CREATE TABLE notes (id integer PRIMARY KEY)' }];
      expect(await migrate(pool, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(pool, later)).toEqual([99]);
      expect(await migrate(pool, later)).toEqual([]);
      const broken = [...later, { version: 100, name: 'broken', sql: 'CREATE TABLE half (id integer); THIS IS NOT SQL' }];
      await expect(migrate(pool, broken)).rejects.toThrow(/syntax error/);
      expect(await queryIn(schema, `SELECT to_regclass('half') AS half`)).toEqual([{ half: null }]);
      expect(await queryIn(schema, 'SELECT version FROM schema_migrations WHERE version = 100')).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('runs concurrent migrations from several processes once', async () => {
    const schema = ownSchema();
    await createSchema(schema);
    const pools = [1, 2, 3].map(() => new Pool({ connectionString: withSearchPath(TEST_DATABASE_URL, schema) }));
    try {
      const ran = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(ran.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
      // Starting stores at once on a schema that does not exist yet: each creates it or finds it.
      const fresh = ownSchema();
      const opened = await Promise.all([open(fresh), open(fresh)]);
      expect(await Promise.all(opened.map((s) => s.initSetting('org_key', 'x')))).toEqual(['x', 'x']);
      expect(await queryIn(fresh, 'SELECT COUNT(*)::int AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuses a database written by a newer collector', async () => {
    const schema = ownSchema();
    await (await open(schema)).close();
    await queryIn(schema, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', now())");
    const opening = openPostgresStore(TEST_DATABASE_URL, { schema });
    await expect(opening).rejects.toThrow(MigrationError);
    await expect(opening).rejects.toThrow(/schema version 999/);
  });

  it('names a search_path without an existing schema', async () => {
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent('-c search_path=fw_test_missing_schema')}`;
    await expect(openPostgresStore(url)).rejects.toThrow(/No schema of the search_path \(fw_test_missing_schema\) exists/);
  });

  it('explains an unreachable server without showing the password', async () => {
    const opening = openPostgresStore('postgres://farmwatch:hunter2-secret@127.0.0.1:1/farmwatch', { connectTimeoutMs: 2_000 });
    await expect(opening).rejects.toThrow(PostgresConnectError);
    await expect(opening).rejects.toThrow(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/farmwatch: .*ECONNREFUSED/);
    await expect(opening).rejects.not.toThrow(/hunter2/);
    await expect(opening).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(openPostgresStore(TEST_DATABASE_URL, { schema: 'x; DROP TABLE agents' })).rejects.toThrow(/Invalid PostgreSQL schema name/);
  });

  it('opens one alert when two processes record reports for the same device and signal at once', async () => {
    const schema = ownSchema();
    const [a, b] = [await open(schema), await open(schema)];
    const token = mintToken('agent');
    const agentId = randomUUID();
    await a.createAgent({
      agentId, tokenHash: hashSecret(token), hostname: 'laptop-17', platform: 'linux', agentVersion: '0.1.0',
      serial: null, hardwareUuid: null, enrolledAt: '2025-06-01T09:00:00.000Z',
    });
    const reports = Array.from({ length: 6 }, (_, i) => makeReport(agentId, { findings: [finding('remote_access.process_running', 'high', `tool-${i}`)] }));
    const results = await Promise.all(reports.map((report, i) =>
      (i % 2 ? a : b).recordReport({ report, receivedAt: new Date(Date.UTC(2025, 5, 1, 10, 0, i)).toISOString(), decideAlerts })));

    expect(results.every((r) => r.outcome === 'stored')).toBe(true);
    expect(results.reduce((n, r) => n + (r.outcome === 'stored' ? r.alertsOpened : 0), 0)).toBe(1);
    const alerts = await b.listAlerts({ limit: 10, offset: 0 });
    expect(alerts.total).toBe(1);
    expect(alerts.items[0]).toMatchObject({ signal: 'remote_access.process_running', status: 'open', count: reports.length });
    expect((await a.getDevice(agentId))?.device.reportCount).toBe(reports.length);
  });

  it('keeps evidence keys in the order the agent sent them and archives the report body', async () => {
    const schema = ownSchema();
    const store = await open(schema);
    const agentId = randomUUID();
    await store.createAgent({
      agentId, tokenHash: hashSecret(mintToken('agent')), hostname: 'laptop-17', platform: 'linux', agentVersion: '0.1.0',
      serial: null, hardwareUuid: null, enrolledAt: '2025-06-01T09:00:00.000Z',
    });
    const evidence = { vendor_id: '1d6b', product: 'PiKVM', b: true, serial_number: null };
    const report = makeReport(agentId, { findings: [{ ...finding('ip_kvm.edid_match', 'critical', 'PiKVM'), evidence }] });
    await store.recordReport({ report, receivedAt: '2025-06-01T10:00:00.000Z', decideAlerts });

    const detail = await store.getDevice(agentId);
    expect(Object.keys(detail!.latestReport!.findings[0]!.evidence)).toEqual(Object.keys(evidence));
    const [alert] = (await store.listAlerts({ limit: 1, offset: 0 })).items;
    expect(Object.keys(alert!.evidence[0]!.evidence)).toEqual(Object.keys(evidence));
    expect(await queryIn(schema, 'SELECT body FROM reports WHERE report_id = $1', [report.reportId])).toEqual([{ body: report }]);
  });
});
