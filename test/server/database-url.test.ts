// FARMWATCH_DATABASE_URL: validated as a PostgreSQL URL, and it decides which store the collector opens.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadServerConfig } from '../../server/config.js';
import { openStore } from '../../server/store/open-store.js';
import { withSearchPath } from '../../server/store/postgres/open.js';
import { TEST_DATABASE_URL, createSchema, describePostgres, dropSchemas, queryIn, testSchemaName } from './postgres.js';

describe('FARMWATCH_DATABASE_URL', () => {
  it('accepts postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://farmwatch:pw@db.internal:5432/farmwatch', 'postgresql://db/farmwatch?sslmode=require']) {
      expect(loadServerConfig({ FARMWATCH_DATABASE_URL: url }).databaseUrl).toBe(url);
    }
    expect('databaseUrl' in loadServerConfig({ FARMWATCH_DATABASE_URL: '' })).toBe(false);
  });

  it('names the variable and the expected form for anything else, without echoing the value', () => {
    for (const value of ['mysql://root:topsecret@db/farmwatch', 'db.internal:5432/topsecret']) {
      const load = () => loadServerConfig({ FARMWATCH_DATABASE_URL: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/FARMWATCH_DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(load).not.toThrow(/topsecret/);
    }
  });
});

describe('openStore', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-open-store-'));
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('opens SQLite in the data directory without a database URL', async () => {
    const store = await openStore(loadServerConfig({ FARMWATCH_DATA_DIR: dataDir }));
    await store.setSetting('org_key', 'in-sqlite');
    await store.close();
    expect(await fs.readdir(dataDir)).toContain('farmwatch.db');
  });

  describePostgres('openStore on PostgreSQL', () => {
    const schema = testSchemaName();
    afterAll(() => dropSchemas([schema]));

    it('opens PostgreSQL, in the schema the URL names, when the URL is set', async () => {
      await createSchema(schema);
      const emptyDir = path.join(dataDir, 'unused');
      const config = loadServerConfig({ FARMWATCH_DATA_DIR: emptyDir, FARMWATCH_DATABASE_URL: withSearchPath(TEST_DATABASE_URL, schema) });
      const store = await openStore(config);
      await store.setSetting('org_key', 'in-postgres');
      await store.close();
      expect(await queryIn(schema, "SELECT value FROM settings WHERE key = 'org_key'")).toEqual([{ value: 'in-postgres' }]);
      await expect(fs.stat(emptyDir)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
