// Opens (and migrates) the collector's PostgreSQL store.
import { Pool } from 'pg';
import type { Store } from '../store.js';
import { createSchema, migrate } from './migrations.js';
import { PostgresStore } from './postgres-store.js';

export interface PostgresStoreOptions {
  /**
   * Schema holding every table, created if missing (it becomes the connections' search_path).
   * Default: the URL's own search_path (`?options=-c%20search_path%3Dname`), else `public`.
   */
  schema?: string;
  /** Most connections the pool opens; default 10. */
  maxConnections?: number;
  /** How long to wait for a new connection before failing; default 10 s. */
  connectTimeoutMs?: number;
  /** Told when an idle pooled connection breaks (e.g. PostgreSQL restarted); the pool opens a new one. */
  onIdleConnectionError?: (error: Error) => void;
}

/** The database could not be reached or refused the login; `code` is the underlying one (ECONNREFUSED, 28P01...). */
export class PostgresConnectError extends Error {
  override name = 'PostgresConnectError';
  readonly code: string;

  constructor(target: string, cause: unknown) {
    super(`Cannot connect to PostgreSQL at ${target}: ${reasonOf(cause)}`, { cause });
    this.code = (cause as { code?: string })?.code ?? 'ECONNECT';
  }
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(reasonOf).join('; ');
  return error instanceof Error ? error.message || String((error as { code?: string }).code) : String(error);
}

/** host:port/database of a connection URL, without credentials, for messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

/** `url` with `-c search_path=<schema>` added to its libpq `options` parameter. */
export function withSearchPath(url: string, schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name "${schema}": expected letters, digits and _ (at most 63), not starting with a digit.`);
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${schema}`);
  return parsed.toString();
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const connectionString = options.schema === undefined ? url : withSearchPath(url, options.schema);
  const pool = new Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // Without a listener, a broken idle connection would crash the process.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  try {
    await pool.query('SELECT 1').catch((error: unknown) => {
      throw new PostgresConnectError(describeDatabase(url), error);
    });
    if (options.schema !== undefined) await createSchema(pool, options.schema);
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, connectionString);
}
