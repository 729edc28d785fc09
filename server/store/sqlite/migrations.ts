// Versioned schema migrations. Append new entries; never edit one that has shipped.
import type { Database } from 'better-sqlite3';
import { CORRELATION_MIGRATION } from './migration-correlation.js';
import { HARDWARE_IDS_MIGRATION } from './migration-hardware-ids.js';
import { INVENTORY_MIGRATION } from './migration-inventory.js';
import { OPERATIONS_MIGRATION } from './migration-operations.js';
import { OUTPUTS_MIGRATION } from './migration-outputs.js';
import { REPORT_ROWS_MIGRATION } from './migration-report-rows.js';
import { USERS_MIGRATION } from './migration-users.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        hostname TEXT NOT NULL,
        platform TEXT NOT NULL,
        agent_version TEXT NOT NULL,
        serial TEXT,
        hardware_uuid TEXT,
        os_release TEXT,
        arch TEXT,
        manufacturer TEXT,
        model TEXT,
        enrolled_at TEXT NOT NULL,
        last_seen_at TEXT
      );
      CREATE INDEX agents_hardware_uuid ON agents (hardware_uuid);

      CREATE TABLE reports (
        report_id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL REFERENCES agents (id),
        received_at TEXT NOT NULL,
        scanned_at TEXT NOT NULL,
        body TEXT NOT NULL,
        finding_count INTEGER NOT NULL
      );
      CREATE INDEX reports_agent_received ON reports (agent_id, received_at);

      CREATE TABLE findings (
        report_id TEXT NOT NULL REFERENCES reports (report_id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        agent_id TEXT NOT NULL REFERENCES agents (id),
        signal TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        subject TEXT NOT NULL,
        summary TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (report_id, ordinal)
      );
      CREATE INDEX findings_signal ON findings (signal, agent_id);

      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        dedup_key TEXT NOT NULL,
        agent_id TEXT NOT NULL REFERENCES agents (id),
        signal TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
        summary TEXT NOT NULL,
        evidence TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        count INTEGER NOT NULL
      );
      -- At most one unresolved alert per dedup key: later reports update it.
      CREATE UNIQUE INDEX alerts_active_dedup ON alerts (dedup_key) WHERE status <> 'resolved';
      CREATE INDEX alerts_agent_status ON alerts (agent_id, status);
      CREATE INDEX alerts_last_seen ON alerts (last_seen);

      CREATE TABLE admin_tokens (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
        label TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
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

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Applies pending migrations, each in its own transaction with its schema_migrations row. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = () => new Date().toISOString()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length) {
    throw new MigrationError(
      `The database has schema version ${Math.max(...unknown)} but this collector knows only up to ${newest}; ` +
      'run the newer collector or restore a matching backup.',
    );
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const ran: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    // Checked again under the write lock: another process (a CLI command) may have just run it.
    const didRun = db.transaction(() => {
      if (isApplied.get(migration.version)) return false;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
      return true;
    }).immediate();
    if (didRun) ran.push(migration.version);
  }
  return ran;
}
