// Schema version 2 on a database that already holds version-1 alerts: the rows gain a type,
// devices, a score and reasons; SQLite's rebuilt table keeps its indexes. SQLite and PostgreSQL.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS as PG_MIGRATIONS, migrate as migratePostgres } from '../../server/store/postgres/migrations.js';
import { withSearchPath } from '../../server/store/postgres/open.js';
import { MIGRATIONS as SQLITE_MIGRATIONS, migrate as migrateSqlite } from '../../server/store/sqlite/migrations.js';
import { TEST_DATABASE_URL, createSchema, describePostgres, dropSchemas, postgresUnavailable, queryIn, testSchemaName } from './postgres.js';

const AGENT = '0b6f1c3e-7a51-4a7e-9d5e-3c8f3f7f0a11';
const V1_ROWS = [
  ['a1', 'remote_access.process_running', 'remote_access', 'high', 'open'],
  ['a2', 'ip_kvm.edid_match', 'ip_kvm', 'critical', 'resolved'],
  ['a3', 'vpn.default_route_tunnel', 'vpn', 'high', 'acknowledged'],
] as const;
const EXPECTED = [
  { id: 'a1', type: 'remote_control', score: 70, status: 'open' },
  { id: 'a2', type: 'ip_kvm', score: 90, status: 'resolved' },
  { id: 'a3', type: 'policy_violation', score: 70, status: 'acknowledged' },
];

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-migration-'));
const schemas: string[] = [];
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  if (postgresUnavailable === undefined) await dropSchemas(schemas);
});

describe('migration 2 on SQLite', () => {
  it('converts version-1 alerts', () => {
    const db = new Database(path.join(root, 'v1.db'));
    try {
      migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version === 1));
      db.prepare(`INSERT INTO agents (id, token_hash, hostname, platform, agent_version, enrolled_at) VALUES (?, 'h', 'laptop', 'linux', '0.1.0', '2025-06-01T00:00:00.000Z')`).run(AGENT);
      const insert = db.prepare(`INSERT INTO alerts (id, dedup_key, agent_id, signal, category, severity, status, summary, evidence, first_seen, last_seen, count)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'seen', '[]', '2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z', 1)`);
      for (const [id, signal, category, severity, status] of V1_ROWS) insert.run(id, `${AGENT}:${signal}`, AGENT, signal, category, severity, status);

      expect(migrateSqlite(db)).toContain(2);
      const rows = db.prepare('SELECT id, type, score, status, agent_ids, reasons FROM alerts ORDER BY id').all() as Record<string, unknown>[];
      expect(rows.map(({ id, type, score, status }) => ({ id, type, score, status }))).toEqual(EXPECTED);
      expect(rows.every((r) => r.agent_ids === JSON.stringify([AGENT]) && r.reasons === '["seen"]')).toBe(true);
      const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
      expect(indexes.map((i) => i.name)).toEqual(['alerts_active_dedup', 'alerts_agent_status', 'alerts_last_seen', 'alerts_type_last_seen']);
    } finally {
      db.close();
    }
  });
});

describePostgres('migration 2 on PostgreSQL', () => {
  it('converts version-1 alerts', async () => {
    const schema = testSchemaName();
    schemas.push(schema);
    await createSchema(schema);
    const pool = new Pool({ connectionString: withSearchPath(TEST_DATABASE_URL, schema) });
    try {
      await migratePostgres(pool, PG_MIGRATIONS.filter((m) => m.version === 1));
      await queryIn(schema, `INSERT INTO agents (id, token_hash, hostname, platform, agent_version, enrolled_at) VALUES ($1, 'h', 'laptop', 'linux', '0.1.0', now())`, [AGENT]);
      for (const [id, signal, category, severity, status] of V1_ROWS) {
        await queryIn(schema, `INSERT INTO alerts (id, dedup_key, agent_id, signal, category, severity, status, summary, evidence, first_seen, last_seen, count)
          VALUES ($1, $2, $3, $4, $5, $6, $7, 'seen', '[]', now(), now(), 1)`, [id, `${AGENT}:${signal}`, AGENT, signal, category, severity, status]);
      }
      expect(await migratePostgres(pool)).toContain(2);
      const rows = await queryIn<Record<string, unknown>>(schema, 'SELECT id, type, score, status, agent_ids, reasons FROM alerts ORDER BY id');
      expect(rows.map(({ id, type, score, status }) => ({ id, type, score, status }))).toEqual(EXPECTED);
      expect(rows.every((r) => JSON.stringify(r.agent_ids) === JSON.stringify([AGENT]) && JSON.stringify(r.reasons) === '["seen"]')).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
