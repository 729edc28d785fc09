// PostgreSQL for tests: the server at FARMWATCH_TEST_DATABASE_URL (default: local, user postgres,
// database test), throwaway schemas, and describePostgres, which skips with one line saying why
// when the server cannot be reached, except in CI, where tests that need a service always run.
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { describe, it } from 'vitest';
import { describeDatabase } from '../../server/store/postgres/open.js';

export const TEST_DATABASE_URL = process.env.FARMWATCH_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function unreachableReason(): Promise<string | undefined> {
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const message = error instanceof AggregateError ? error.errors.map((e: Error) => e.message).join('; ') : (error as Error).message;
    return `cannot connect to ${describeDatabase(TEST_DATABASE_URL)}: ${message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why PostgreSQL cannot be used, or undefined when it can. */
export const postgresUnavailable = await unreachableReason();

export function describePostgres(name: string, body: () => void): void {
  if (postgresUnavailable === undefined) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs PostgreSQL (required in CI)', () => {
        throw new Error(`${name}: ${postgresUnavailable}`);
      });
    });
  } else {
    console.warn(`skipping ${name}: ${postgresUnavailable}`);
    describe.skip(name, body);
  }
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A unique schema name, `fw_test_<random>`. */
export function testSchemaName(): string {
  return `fw_test_${randomBytes(6).toString('hex')}`;
}

export async function createSchema(schema: string): Promise<void> {
  await admin((client) => client.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`));
}

export async function dropSchemas(schemas: Iterable<string>): Promise<void> {
  await admin(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
  });
}

/** Runs one query in `schema` on its own connection. */
export async function queryIn<R extends Record<string, unknown>>(schema: string, sql: string, values: unknown[] = []): Promise<R[]> {
  return admin(async (client) => {
    await client.query(`SET search_path TO ${escapeIdentifier(schema)}`);
    return (await client.query<R>(sql, values)).rows;
  });
}
