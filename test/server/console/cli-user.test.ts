// `farmwatch-server user add|list` and the first start's console admin, as real child processes.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, killRunningServers, run, startServer } from '../cli-process.js';
import { call } from '../collector.js';

const CONSOLE_LINE = /^Console sign-in \(shown once\): user admin, password ([A-Za-z0-9]{20})$/m;

describe('farmwatch-server user', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-cli-user-'));
  });
  afterEach(killRunningServers);
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('creates admin with a password printed once at the first start, and never again', async () => {
    const first = await startServer(cliEnv(dataDir));
    const password = CONSOLE_LINE.exec(first.output())?.[1];
    expect(password).toBeDefined();
    const signIn = await call(first.url, '/api/v1/session', { body: { username: 'admin', password } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(await first.stop()).toBe(0);
    const second = await startServer(cliEnv(dataDir));
    expect(second.output()).not.toMatch(/Console sign-in/);
    await second.stop();
  });

  it('adds a user with the password from FARMWATCH_USER_PASSWORD, or prints a generated one; refuses duplicates and bad input', async () => {
    const given = await run(['user', 'add', 'dana', '--role', 'analyst'], cliEnv(dataDir, { FARMWATCH_USER_PASSWORD: 'a long enough password' }));
    expect(given).toMatchObject({ code: 0, stdout: 'Created console user dana (analyst).\n' });
    const generated = await run(['user', 'add', 'vic'], cliEnv(dataDir));
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^Created console user vic \(viewer\)\.\nPassword \(shown once\): [A-Za-z0-9]{20}\n$/);
    const again = await run(['user', 'add', 'dana', '--role', 'admin'], cliEnv(dataDir));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A user named dana exists already.');
    const short = await run(['user', 'add', 'eve'], cliEnv(dataDir, { FARMWATCH_USER_PASSWORD: 'short' }));
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');
    expect((await run(['user', 'add', 'bad name'], cliEnv(dataDir))).stderr).toContain('username is not acceptable');
    const list = await run(['user', 'list'], cliEnv(dataDir));
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['admin', 'admin', 'active'], ['dana', 'analyst', 'active'], ['vic', 'viewer', 'active'],
    ]);
  });
});
