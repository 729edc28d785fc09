// Versioned schema migrations for PostgreSQL: the same versions and logical schema as the SQLite
// ones. Append new entries; never edit one that has shipped.
//
// Type choices keep the store's values identical to SQLite's:
// - key columns are text COLLATE "C", so ORDER BY compares bytes like SQLite's BINARY collation;
// - times the collector stamps are timestamptz (read back as Date.toISOString(), the format the
//   collector writes); scanned_at is the agent's own claim, kept verbatim as text;
// - evidence is json, not jsonb, so its keys come back in the agent's order; the archived report
//   body is jsonb;
// - reports.seq stands in for SQLite's rowid as the tie-break between reports received at the same instant.
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { MigrationError, type Migration } from '../sqlite/migrations.js';
import { withTransaction } from './transaction.js';
import { CORRELATION_MIGRATION } from './migration-correlation.js';
import { HARDWARE_IDS_MIGRATION } from './migration-hardware-ids.js';
import { INVENTORY_MIGRATION } from './migration-inventory.js';
import { OPERATIONS_MIGRATION } from './migration-operations.js';
import { OUTPUTS_MIGRATION } from './migration-outputs.js';
import { REPORT_ROWS_MIGRATION } from './migration-report-rows.js';
import { USERS_MIGRATION } from './migration-users.js';

export { MigrationError, type Migration };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        key text COLLATE "C" PRIMARY KEY,
        value text NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE agents (
        id text COLLATE "C" PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        hostname text NOT NULL,
        platform text NOT NULL,
        agent_version text NOT NULL,
        serial text,
        hardware_uuid text,
        os_release text,
        arch text,
        manufacturer text,
        model text,
        enrolled_at timestamptz NOT NULL,
        last_seen_at timestamptz
      );
      CREATE INDEX agents_hardware_uuid ON agents (hardware_uuid);

      CREATE TABLE reports (
        report_id text COLLATE "C" PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        agent_id text COLLATE "C" NOT NULL REFERENCES agents (id),
        received_at timestamptz NOT NULL,
        scanned_at text NOT NULL,
        body jsonb NOT NULL,
        finding_count integer NOT NULL
      );
      CREATE INDEX reports_agent_received ON reports (agent_id, received_at, seq);

      CREATE TABLE findings (
        report_id text COLLATE "C" NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        agent_id text COLLATE "C" NOT NULL REFERENCES agents (id),
        signal text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL,
        subject text NOT NULL,
        summary text NOT NULL,
        evidence json NOT NULL,
        PRIMARY KEY (report_id, ordinal)
      );
      CREATE INDEX findings_signal ON findings (signal, agent_id);

      CREATE TABLE alerts (
        id text COLLATE "C" PRIMARY KEY,
        dedup_key text COLLATE "C" NOT NULL,
        agent_id text COLLATE "C" NOT NULL REFERENCES agents (id),
        signal text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
        summary text NOT NULL,
        evidence json NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        count integer NOT NULL
      );
      -- At most one unresolved alert per dedup key: later reports update it.
      CREATE UNIQUE INDEX alerts_active_dedup ON alerts (dedup_key) WHERE status <> 'resolved';
      CREATE INDEX alerts_agent_status ON alerts (agent_id, status);
      CREATE INDEX alerts_last_seen ON alerts (last_seen);

      CREATE TABLE admin_tokens (
        id text COLLATE "C" PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
        label text,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
    `,
  },
  OPERATIONS_MIGRATION,
  INVENTORY_MIGRATION,
  CORRELATION_MIGRATION,
  HARDWARE_IDS_MIGRATION,
  USERS_MIGRATION,
  OUTPUTS_MIGRATION,
  REPORT_ROWS_MIGRATION,
];

/**
 * Serialises schema changes across every collector process on the database, for the rest of
 * the caller's transaction. One key for all schemas: migrations are rare and short.
 */
async function lockMigrations(db: PoolClient): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('farmwatch schema migrations', 0))`);
}

async function appliedVersions(db: PoolClient): Promise<Set<number>> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => r.version));
}

/** Creates `schema` unless it exists; safe when several processes start at once. */
export async function createSchema(pool: Pool, schema: string): Promise<void> {
  await withTransaction(pool, async (db) => {
    await lockMigrations(db);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`);
  });
}

/**
 * Applies pending migrations in the connection's current schema, each in its own transaction
 * with its schema_migrations row, under an advisory lock so concurrent starts apply each once.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS, now = () => new Date().toISOString()): Promise<number[]> {
  const applied = await withTransaction(pool, async (db) => {
    await lockMigrations(db);
    const { rows } = await db.query<{ schema: string | null; search_path: string }>(
      'SELECT current_schema() AS schema, current_setting(\'search_path\') AS search_path',
    );
    if (!rows[0]?.schema) {
      throw new MigrationError(`No schema of the search_path (${rows[0]?.search_path}) exists; create it or name an existing one.`);
    }
    await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    return appliedVersions(db);
  });
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length) {
    throw new MigrationError(
      `The database has schema version ${Math.max(...unknown)} but this collector knows only up to ${newest}; ` +
      'run the newer collector or restore a matching backup.',
    );
  }
  const ran: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    const didRun = await withTransaction(pool, async (db) => {
      await lockMigrations(db);
      // Checked again under the lock: another process may have just applied it.
      if ((await appliedVersions(db)).has(migration.version)) return false;
      await db.query(migration.sql);
      await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, now()]);
      return true;
    });
    if (didRun) ran.push(migration.version);
  }
  return ran;
}
