// The farmwatch-server command line as real child processes on a real data directory.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../server/config.js';
import { ADMIN_LINE, ENROLL_LINE, cliEnv, killRunningServers, run, startServer } from './cli-process.js';
import { call, enrollBody } from './collector.js';

describe('farmwatch-server CLI', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-cli-'));
  });
  afterEach(killRunningServers);
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  let firstToken: string;

  it('start prints the admin token and enrol secret once across two starts, and stops on SIGTERM', async () => {
    const first = await startServer(cliEnv(dataDir));
    const tokens = [...first.output().matchAll(ADMIN_LINE)].map((m) => m[1]!);
    const secrets = [...first.output().matchAll(ENROLL_LINE)].map((m) => m[1]!);
    expect(tokens).toHaveLength(1);
    expect(secrets).toHaveLength(1);
    firstToken = tokens[0]!;
    expect((await call(first.url, '/api/v1/alerts', { token: firstToken })).status).toBe(200);
    expect((await call(first.url, '/api/v1/enroll', { body: enrollBody(secrets[0]!) })).status).toBe(201);
    expect(await first.stop()).toBe(0);

    const second = await startServer(cliEnv(dataDir));
    expect(second.output()).not.toMatch(/shown once/);
    expect((await call(second.url, '/api/v1/alerts', { token: firstToken })).status).toBe(200);
    expect((await call(second.url, '/api/v1/enroll', { body: enrollBody(secrets[0]!) })).status).toBe(201);
    expect(await second.stop()).toBe(0);

    const raw = await fs.readFile(path.join(dataDir, 'farmwatch.db'));
    expect(raw.includes(firstToken)).toBe(false);
  });

  it('admin-token --rotate prints a working token and retires the old one, while the collector runs', async () => {
    const server = await startServer(cliEnv(dataDir));
    const rotated = await run(['admin-token', '--rotate'], cliEnv(dataDir));
    expect(rotated.code).toBe(0);
    const printed = [...rotated.stdout.matchAll(ADMIN_LINE)].map((m) => m[1]!);
    expect(printed).toHaveLength(1);
    expect(rotated.stdout).toContain('Revoked 1 earlier admin token(s)');

    expect((await call(server.url, '/api/v1/devices', { token: printed[0] })).status).toBe(200);
    expect((await call(server.url, '/api/v1/devices', { token: firstToken })).status).toBe(401);
    await server.stop();

    const listed = await run(['admin-token'], cliEnv(dataDir));
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('fwt_');
    expect(listed.stdout.match(/ admin /g)).toHaveLength(2);
    expect(listed.stdout.match(/revoked /g)).toHaveLength(1);
  });

  it('--help lists every configuration variable', async () => {
    const help = await run(['--help'], cliEnv(dataDir));
    expect(help.code).toBe(0);
    for (const name of CONFIG_VARIABLES) expect(help.stdout).toContain(name);
  });

  it('exits 2 naming a bad variable', async () => {
    const bad = await run([], cliEnv(dataDir, { FARMWATCH_PORT: 'eighty' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('FARMWATCH_PORT: expected a whole number');
  });
});
