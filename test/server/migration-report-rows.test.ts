// Schema version 8 on a database that holds version-7 reports: findings rows, per-report and
// per-device egress. After the upgrade the store shows the same findings (evidence in the agent's
// order), the same egress per report and per device, and numbers the reports in stored order.
// SQLite and PostgreSQL.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS as PG_MIGRATIONS, migrate as migratePostgres } from '../../server/store/postgres/migrations.js';
import { openPostgresStore, withSearchPath } from '../../server/store/postgres/open.js';
import type { Egress } from '../../server/store/inventory-store.js';
import { MIGRATIONS as SQLITE_MIGRATIONS, migrate as migrateSqlite } from '../../server/store/sqlite/migrations.js';
import { openSqliteStore } from '../../server/store/sqlite/open.js';
import type { Store } from '../../server/store/store.js';
import type { Report } from '../../shared/index.js';
import { finding, makeReport } from './fixtures.js';
import { TEST_DATABASE_URL, createSchema, describePostgres, dropSchemas, postgresUnavailable, queryIn, testSchemaName } from './postgres.js';

const AGENT = '0b6f1c3e-7a51-4a7e-9d5e-3c8f3f7f0a11';
const T1 = '2025-06-01T10:00:00.000Z';
const T2 = '2025-06-01T11:00:00.000Z';
const EGRESS: Egress = {
  ip: '81.2.69.160', prefix64: null, country: 'GB', city: 'London', latitude: 51.5, longitude: -0.1, asn: 20712,
  asOrganisation: 'Andrews & Arnold Ltd', hosting: null, office: null,
};
// Evidence keys deliberately out of alphabetical order: they must come back as the agent sent them.
const KVM = { ...finding('ip_kvm.usb_vendor_match', 'critical', 'PiKVM'), evidence: { vendor_id: '1d6b', product: 'PiKVM', b: true } };
// Received later than the second, stored first: positions follow the old storing order.
const REPORTS: [Report, string, Egress | null][] = [
  [makeReport(AGENT, { serial: 'SN-1', findings: [finding('vpn.tunnel_interface', 'low', 'tun0')] }), T2, EGRESS],
  [makeReport(AGENT, { serial: 'SN-1', findings: [KVM, finding('remote_access.installed', 'medium')] }), T1, null],
];

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-migration-8-'));
const schemas: string[] = [];
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  if (postgresUnavailable === undefined) await dropSchemas(schemas);
});

/** Version-7 rows, in the layout that version wrote. `run` executes SQL with positional parameters. */
async function writeVersion7(run: (sql: string, values: unknown[]) => Promise<unknown>): Promise<void> {
  await run(`INSERT INTO agents (id, token_hash, hostname, platform, agent_version, serial, enrolled_at)
    VALUES ($1, 'h', 'laptop-17', 'linux', '0.1.0', 'SN-1', '2025-06-01T09:00:00.000Z')`, [AGENT]);
  for (const [report, receivedAt, egress] of REPORTS) {
    await run(`INSERT INTO reports (report_id, agent_id, received_at, scanned_at, body, finding_count) VALUES ($1, $2, $3, $4, $5, $6)`,
      [report.reportId, AGENT, receivedAt, report.scan.finishedAt, JSON.stringify(report), report.findings.length]);
    for (const [i, f] of report.findings.entries()) {
      await run(`INSERT INTO findings (report_id, ordinal, agent_id, signal, category, severity, subject, summary, evidence)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [report.reportId, i, AGENT, f.signal, f.category, f.severity, f.subject, f.summary, JSON.stringify(f.evidence)]);
    }
    if (!egress) continue;
    const values = [report.reportId, AGENT, receivedAt, egress.ip, JSON.stringify(egress)];
    await run('INSERT INTO report_egress (report_id, agent_id, received_at, ip, prefix64, egress) VALUES ($1, $2, $3, $4, NULL, $5)', values);
    await run('INSERT INTO device_egress (report_id, agent_id, seen_at, ip, prefix64, egress) VALUES ($1, $2, $3, $4, NULL, $5)', values);
  }
}

/** What a user of the upgraded store sees. */
async function expectUpgraded(store: Store): Promise<void> {
  const [first, second] = REPORTS.map(([r]) => r) as [Report, Report];
  const detail = await store.getDevice(AGENT);
  expect(detail?.latestReport?.reportId).toBe(first.reportId);
  expect(detail?.latestReport?.findings).toEqual(first.findings);
  const timeline = await store.deviceTimeline(AGENT, { limit: 10, offset: 0 });
  expect(timeline.items.map((t) => t.findings.map((f) => f.signal))).toEqual([
    ['vpn.tunnel_interface'], ['ip_kvm.usb_vendor_match', 'remote_access.installed'],
  ]);
  const contexts = await store.deviceContexts([{ agentId: AGENT, serial: 'SN-1', hostname: 'laptop-17' }]);
  expect(contexts.get(AGENT)?.egress).toEqual({ ...EGRESS, seenAt: T2 });
  const keys = await store.correlationKeysAfter(0, 10);
  expect(keys.map((k) => k.reportId)).toEqual([first.reportId, second.reportId]);
  const facts = await store.correlationFactsOf(keys.map((k) => k.reportId));
  expect(facts.map((f) => f.egress)).toEqual([EGRESS, null]);
  // Correlation keeps the findings it uses: the KVM, not the merely installed tool.
  expect(facts[1]!.findings.map((f) => f.subject)).toEqual(['PiKVM']);
  const [compliance] = await store.latestReportsByDevice();
  expect(compliance?.latestReport?.findings.map((f) => f.signal)).toEqual(['vpn.tunnel_interface']);
  const [older] = (await store.deviceTimeline(AGENT, { limit: 1, offset: 1 })).items;
  expect(older?.reportId).toBe(second.reportId);
  // Retention still deletes by received time; new reports continue the numbering.
  expect(await store.deleteReportsBefore(T2)).toBe(1);
  expect((await store.correlationKeysAfter(0, 10)).map((k) => k.reportId)).toEqual([first.reportId]);
}

describe('migration 8 on SQLite', () => {
  it('keeps version-7 reports, findings and egress', async () => {
    const file = path.join(root, 'v7.db');
    const db = new Database(file);
    try {
      migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version <= 7));
      await writeVersion7(async (sql, values) => db.prepare(sql.replace(/\$\d+/g, '?')).run(...values));
    } finally {
      db.close();
    }
    const store = openSqliteStore(file);
    try {
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
  });
});

describePostgres('migration 8 on PostgreSQL', () => {
  it('keeps version-7 reports, findings (evidence in the agent\'s order) and egress', async () => {
    const schema = testSchemaName();
    schemas.push(schema);
    await createSchema(schema);
    const pool = new Pool({ connectionString: withSearchPath(TEST_DATABASE_URL, schema) });
    try {
      await migratePostgres(pool, PG_MIGRATIONS.filter((m) => m.version <= 7));
      await writeVersion7((sql, values) => queryIn(schema, sql, values));
    } finally {
      await pool.end();
    }
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
    try {
      const [row] = await queryIn<{ findings: Report['findings'] }>(schema, 'SELECT findings FROM reports WHERE report_id = $1', [REPORTS[1]![0].reportId]);
      expect(Object.keys(row!.findings[0]!.evidence)).toEqual(['vendor_id', 'product', 'b']);
      await expectUpgraded(store);
    } finally {
      await store.close();
    }
  });
});
