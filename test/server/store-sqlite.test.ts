// The Store contract on a real SQLite file, plus what is specific to SQLite: pragmas and migrations.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, MigrationError, migrate } from '../../server/store/sqlite/migrations.js';
import { openSqliteStore } from '../../server/store/sqlite/open.js';
import { runCorrelationStoreSuite } from './store-correlation-suite.js';
import { runComplianceStoreSuite } from './store-compliance-suite.js';
import { runInventoryStoreSuite } from './store-inventory-suite.js';
import { runOperationsSuite } from './store-operations-suite.js';
import { runStoreSuite } from './store-suite.js';
import { runUserStoreSuite } from './store-users-suite.js';
import { runAlertQuerySuite } from './store-alert-query-suite.js';
import { runTimelineStoreSuite } from './store-timeline-suite.js';
import { runAlertStatsStoreSuite } from './store-alert-stats-suite.js';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-store-'));
let n = 0;
const freshFile = () => path.join(root, `store-${++n}`, 'farmwatch.db');

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

runStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
runOperationsSuite('sqlite', async () => openSqliteStore(freshFile()));
runInventoryStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
runComplianceStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
runCorrelationStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
runUserStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
runAlertQuerySuite('sqlite', async () => openSqliteStore(freshFile()));
runTimelineStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
runAlertStatsStoreSuite('sqlite', async () => openSqliteStore(freshFile()));

describe('SQLite store file', () => {
  it('creates a private WAL database with every migration recorded', async () => {
    const file = freshFile();
    await openSqliteStore(file).close();
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      db.close();
    }
  });

  it('keeps data across reopening and does not migrate twice', async () => {
    const file = freshFile();
    const first = openSqliteStore(file);
    await first.setSetting('org_key', 'kept');
    await first.close();
    const second = openSqliteStore(file);
    expect(await second.getSetting('org_key')).toBe('kept');
    await second.close();
  });

  it('applies a later migration once, inside a transaction with its version row', () => {
    const db = new Database(path.join(root, `migrate-${++n}.db`));
    try {
      const later = [...MIGRATIONS, { version: 99, name: 'add notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY)' }];
      expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(migrate(db, later)).toEqual([99]);
      expect(migrate(db, later)).toEqual([]);
      const broken = [...later, { version: 100, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); THIS IS NOT SQL' }];
      expect(() => migrate(db, broken)).toThrow();
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half'").all();
      expect(tables).toEqual([]);
      expect(db.prepare('SELECT 1 FROM schema_migrations WHERE version = 100').get()).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer collector', async () => {
    const file = freshFile();
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00Z')").run();
    db.close();
    expect(() => openSqliteStore(file)).toThrow(MigrationError);
    expect(() => openSqliteStore(file)).toThrow(/schema version 999/);
  });
});
