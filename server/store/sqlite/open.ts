// Opens (and creates or migrates) the collector's SQLite database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { MAIN_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.js';
import { migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';

export const DATABASE_FILE = 'farmwatch.db';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's transaction before failing. */
  busyTimeoutMs?: number;
  /** Run WAL checkpoints on a worker thread instead of inside commits (the collector does). */
  backgroundCheckpoints?: boolean;
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Token hashes and device data live here: create the file private (SQLite gives -wal/-shm the same mode).
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)}`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    if (options.backgroundCheckpoints) db.pragma(`wal_autocheckpoint = ${MAIN_AUTOCHECKPOINT_PAGES}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteStore(db, options.backgroundCheckpoints ? startCheckpointer(file) : undefined);
}

/** The store for a data directory, at `${dataDir}/farmwatch.db`. */
export function openDataDirStore(dataDir: string, options?: SqliteStoreOptions): Store {
  return openSqliteStore(path.join(dataDir, DATABASE_FILE), options);
}
