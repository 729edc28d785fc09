// Opens (and creates or migrates) the collector's SQLite database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { MAIN_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.js';
import { migrate } from './migrations.js';
import { SqliteStore } from './sqlite-store.js';
import { WriteLock, lockWriteTransactions } from './write-lock.js';

export const DATABASE_FILE = 'farmwatch.db';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's transaction before failing. */
  busyTimeoutMs?: number;
  /**
   * WAL checkpoints: `inline`, SQLite's default (inside the commit that crosses 1,000 pages);
   * `background`, on a checkpoint thread this store starts (the collector's main connection);
   * `elsewhere`, another connection's checkpoint thread does them (the ingest worker's). Off the
   * inline path a connection keeps a far higher threshold as a safety net.
   */
  checkpoints?: 'inline' | 'background' | 'elsewhere';
  /**
   * The write lock this connection shares with the collector's other connections to the file
   * (server/store/sqlite/write-lock.ts); default: a new one. A store's `location` carries it.
   */
  writeLock?: SharedArrayBuffer;
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
    if (options.checkpoints === 'background' || options.checkpoints === 'elsewhere') db.pragma(`wal_autocheckpoint = ${MAIN_AUTOCHECKPOINT_PAGES}`);
  } catch (error) {
    db.close();
    throw error;
  }
  const lock = new WriteLock(options.writeLock);
  lockWriteTransactions(db, lock);
  return new SqliteStore(db, lock, options.checkpoints === 'background' ? startCheckpointer(file) : undefined);
}

/** The store for a data directory, at `${dataDir}/farmwatch.db`. */
export function openDataDirStore(dataDir: string, options?: SqliteStoreOptions): Store {
  return openSqliteStore(path.join(dataDir, DATABASE_FILE), options);
}
