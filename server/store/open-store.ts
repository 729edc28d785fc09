// Chooses the collector's store: PostgreSQL when FARMWATCH_DATABASE_URL is set, else SQLite in the data directory.
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.js';
import { describeDatabase, openPostgresStore } from './postgres/open.js';
import { openDataDirStore } from './sqlite/open.js';
import { openSqliteStore } from './sqlite/open.js';
import type { Store, StoreLocation } from './store.js';

export async function openStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>, logger?: Logger): Promise<Store> {
  if (config.databaseUrl === undefined) return openDataDirStore(config.dataDir, { checkpoints: 'background' });
  const database = describeDatabase(config.databaseUrl);
  return openPostgresStore(config.databaseUrl, {
    onIdleConnectionError: (error) => logger?.warn({ err: error, database }, 'PostgreSQL connection lost; the next query opens a new one'),
  });
}

/**
 * A second connection to a store's database, from another thread (the ingest worker). SQLite: the
 * first connection's checkpoint thread keeps the WAL short, so commits here never checkpoint.
 */
export async function openStoreAt(location: StoreLocation): Promise<Store> {
  return location.kind === 'sqlite'
    ? openSqliteStore(location.file, { checkpoints: 'elsewhere', writeLock: location.writeLock })
    : openPostgresStore(location.url);
}
