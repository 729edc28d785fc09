import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentError } from '../../../agent/errors.js';
import { loadCredential, requireCredential, saveCredential, type Credential } from '../../../agent/runtime/credential.js';
import { resolveIdentity } from '../../../agent/runtime/identity.js';
import { defaultStateDir, ensurePrivateDir, statePaths } from '../../../agent/runtime/state.js';
import { AGENT_ID, ORG_KEY, captureLog, tempDir } from './helpers.js';

const posix = process.platform !== 'win32';
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const credential: Credential = {
  serverUrl: 'https://farmwatch.example.com',
  agentId: AGENT_ID,
  agentToken: 'fwa_0123456789abcdef',
  orgKey: ORG_KEY,
  enrolledAt: '2025-06-02T09:00:00.000Z',
};

async function rejection(promise: Promise<unknown>): Promise<AgentError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AgentError);
  return error as AgentError;
}

describe('default state directory', () => {
  const home = '/home/alex';
  it('uses the system location when privileged and a per-user one otherwise', () => {
    expect(defaultStateDir({ platform: 'linux', privileged: true, env: {}, home })).toBe('/var/lib/farmwatch');
    expect(defaultStateDir({ platform: 'linux', privileged: false, env: {}, home })).toBe('/home/alex/.local/state/farmwatch');
    expect(defaultStateDir({ platform: 'linux', privileged: false, env: { XDG_STATE_HOME: '/xdg' }, home })).toBe('/xdg/farmwatch');
    expect(defaultStateDir({ platform: 'darwin', privileged: true, env: {}, home })).toBe('/Library/Application Support/FarmWatch');
    expect(defaultStateDir({ platform: 'darwin', privileged: false, env: {}, home })).toBe('/home/alex/Library/Application Support/FarmWatch');
    expect(defaultStateDir({ platform: 'win32', privileged: true, env: { ProgramData: 'C:\\ProgramData' }, home })).toMatch(/^C:\\ProgramData[\\/]FarmWatch$/);
    expect(defaultStateDir({ platform: 'win32', privileged: false, env: { LOCALAPPDATA: 'C:\\Users\\alex\\AppData\\Local' }, home })).toMatch(/Local[\\/]FarmWatch$/);
  });
});

describe('credential', () => {
  it('is written atomically with mode 0600 in a 0700 directory', async () => {
    const stateDir = join(dir, 'state');
    const file = await saveCredential(stateDir, credential);
    expect(file).toBe(statePaths(stateDir).credential);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(credential);
    expect(await readdir(stateDir)).toEqual(['credential.json']);
    if (posix) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    }
    expect(await loadCredential(stateDir)).toEqual(credential);
  });

  it.runIf(posix)('is refused when group or others can read it, with the fix in the message', async () => {
    const file = await saveCredential(dir, credential);
    await chmod(file, 0o644);
    const error = await rejection(loadCredential(dir));
    expect(error.code).toBe('CREDENTIAL_INSECURE');
    expect(error.message).toContain('mode 0644');
    expect(error.message).toContain(`chmod 600 '${file}'`);
  });

  it('reports a damaged credential and a missing one', async () => {
    expect(await loadCredential(dir)).toBeUndefined();
    expect((await rejection(requireCredential(dir))).code).toBe('NOT_ENROLLED');
    await writeFile(statePaths(dir).credential, JSON.stringify({ ...credential, orgKey: 'short' }), { mode: 0o600 });
    const error = await rejection(loadCredential(dir));
    expect(error.code).toBe('CREDENTIAL_INVALID');
    expect(error.message).toContain('orgKey');
  });
});

describe('state directory permissions', () => {
  it.runIf(posix)('refuses a directory others can write to', async () => {
    const open = join(dir, 'open');
    await mkdir(open);
    await chmod(open, 0o777);
    const error = await rejection(ensurePrivateDir(open));
    expect(error.code).toBe('STATE_DIR_UNUSABLE');
    expect(error.message).toContain('chmod 700');
  });
});

describe('local identity', () => {
  it('is made once and reused while the agent is not enrolled', async () => {
    const { log } = captureLog();
    const first = await resolveIdentity(dir, undefined, log);
    const second = await resolveIdentity(dir, undefined, log);
    expect(first.kind).toBe('local');
    expect(second).toEqual(first);
    expect(first.orgKey).toMatch(/^[0-9a-f]{64}$/);
    const enrolled = await resolveIdentity(dir, credential, log);
    expect(enrolled).toEqual({ agentId: AGENT_ID, orgKey: ORG_KEY, kind: 'enrolled' });
  });
});
