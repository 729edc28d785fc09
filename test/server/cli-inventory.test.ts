// `farmwatch-server inventory import` as a real child process on a real SQLite file.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataDirStore } from '../../server/store/sqlite/open.js';
import { cliEnv, run } from './cli-process.js';

const HEADER = 'serial,hostname,employee_id,employee_name,city,country,latitude,longitude,work_mode';
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-cli-inventory-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function inventory(dataDir: string) {
  const store = openDataDirStore(dataDir);
  try {
    return (await store.listInventory({ limit: 100, offset: 0 })).items.map((r) => [r.serial ?? r.hostname, r.city]);
  } finally {
    await store.close();
  }
}

describe('farmwatch-server inventory import', { timeout: 60_000 }, () => {
  it('imports CSV, refuses a bad file whole, and replaces with --replace', async () => {
    const dataDir = path.join(dir, 'data');
    const env = cliEnv(dataDir);
    const csv = path.join(dir, 'people.csv');
    await fs.writeFile(csv, [HEADER, 'SN-1,,E-1,Ann,Austin,US,30.27,-97.74,remote', ',desk-2,E-2,Bob,Berlin,DE,,,office', ''].join('\n'));
    const first = await run(['inventory', 'import', csv], env);
    expect(first.stderr).not.toMatch(/farmwatch-server:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Imported 2 record(s) from ${csv}: 2 new, 0 updated, 0 removed; 2 in the inventory.\n`);

    const bad = path.join(dir, 'bad.txt');
    await fs.writeFile(bad, [HEADER, 'SN-3,,E-3,Cat,Paris,FR,,,remote', 'SN-4,,E-4,Dan,Rome,Italy,,,remote'].join('\n'));
    const refused = await run(['inventory', 'import', bad, '--format', 'csv'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/nothing was imported/);
    expect(refused.stderr).toMatch(/line 3\.country: expected an ISO 3166-1 alpha-2 country code/);
    expect(await inventory(dataDir)).toEqual([['SN-1', 'Austin'], ['desk-2', 'Berlin']]);

    const json = path.join(dir, 'people.json');
    await fs.writeFile(json, JSON.stringify([{ serial: 'SN-1', employeeId: 'E-1', employeeName: 'Ann', city: 'Dallas', country: 'US', workMode: 'remote' }]));
    const replaced = await run(['inventory', 'import', json, '--replace'], env);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/: 0 new, 1 updated, 1 removed; 1 in the inventory\.\n$/);
    expect(await inventory(dataDir)).toEqual([['SN-1', 'Dallas']]);

    const unknown = await run(['inventory', 'import', path.join(dir, 'people.xlsx')], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/pass --format csv or --format json/);
    const missing = await run(['inventory', 'import', path.join(dir, 'missing.csv')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT/);
  });
});
