import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, envName, loadConfig } from '../../../agent/config/index.js';
import { AgentError } from '../../../agent/errors.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function configError(promise: Promise<unknown>): Promise<AgentError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AgentError);
  expect((error as AgentError).code).toBe('CONFIG_INVALID');
  expect((error as AgentError).exitCode).toBe(4);
  return error as AgentError;
}

describe('agent config', () => {
  it('has the documented defaults', async () => {
    const { config, file } = await loadConfig({ file: join(dir, 'agent.json'), required: false, env: {} });
    expect(file).toBeUndefined();
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config).toMatchObject({
      requestTimeoutMs: 10_000,
      maxRetries: 4,
      backoffBaseMs: 500,
      backoffCapMs: 30_000,
      spoolMaxBytes: 50 * 1024 * 1024,
      spoolMaxReports: 10_000,
      scanBudgetMs: 60_000,
      probeTimeoutMs: 15_000,
      logLevel: 'info',
    });
    expect(config.caFile).toBeUndefined();
  });

  it('reads the file, lets variables win, and resolves caFile next to the file', async () => {
    await mkdir(join(dir, 'etc'));
    const file = join(dir, 'etc', 'agent.json');
    await writeFile(file, JSON.stringify({ maxRetries: 2, spoolMaxReports: 50, caFile: 'ca.pem', logLevel: 'debug' }));
    const { config } = await loadConfig({ file, env: { FARMWATCH_AGENT_MAX_RETRIES: '7', FARMWATCH_AGENT_LOG_LEVEL: 'warn' } });
    expect(config.maxRetries).toBe(7);
    expect(config.spoolMaxReports).toBe(50);
    expect(config.logLevel).toBe('warn');
    expect(config.caFile).toBe(join(dir, 'etc', 'ca.pem'));
  });

  it('names the file when its JSON is broken', async () => {
    const file = join(dir, 'agent.json');
    await writeFile(file, '{ "maxRetries": 3, }');
    const error = await configError(loadConfig({ file, env: {} }));
    expect(error.message).toContain(file);
    expect(error.message).toContain('not valid JSON');
  });

  it('names the file and key of a bad value, and unknown keys', async () => {
    const file = join(dir, 'agent.json');
    await writeFile(file, JSON.stringify({ requestTimeoutMs: 'soon' }));
    const bad = await configError(loadConfig({ file, env: {} }));
    expect(bad.message).toContain(`${file}: key "requestTimeoutMs"`);

    await writeFile(file, JSON.stringify({ requestTimeout: 5000 }));
    const unknown = await configError(loadConfig({ file, env: {} }));
    expect(unknown.message).toContain('"requestTimeout"');
    expect(unknown.message).toContain('requestTimeoutMs');
  });

  it('names the variable of a bad or out-of-range value', async () => {
    const notNumber = await configError(loadConfig({ env: { FARMWATCH_AGENT_SPOOL_MAX_BYTES: '50MB' } }));
    expect(notNumber.message).toContain('FARMWATCH_AGENT_SPOOL_MAX_BYTES');
    expect(notNumber.message).toContain('"50MB"');

    const outOfRange = await configError(loadConfig({ env: { FARMWATCH_AGENT_REQUEST_TIMEOUT_MS: '5' } }));
    expect(outOfRange.message).toContain('environment variable FARMWATCH_AGENT_REQUEST_TIMEOUT_MS');

    const level = await configError(loadConfig({ env: { FARMWATCH_AGENT_LOG_LEVEL: 'loud' } }));
    expect(level.message).toContain('FARMWATCH_AGENT_LOG_LEVEL');
  });

  it('requires an explicitly named file to exist', async () => {
    const error = await configError(loadConfig({ file: join(dir, 'missing.json'), env: {} }));
    expect(error.message).toContain('missing.json');
  });

  it('lists FARMWATCH_AGENT_ variables it does not know', async () => {
    const { unknownEnv } = await loadConfig({ env: { FARMWATCH_AGENT_MAX_RETRY: '3', FARMWATCH_AGENT_STATE_DIR: '/x', PATH: '/bin' } });
    expect(unknownEnv).toEqual(['FARMWATCH_AGENT_MAX_RETRY']);
  });

  it('derives variable names from the keys', () => {
    expect(envName('requestTimeoutMs')).toBe('FARMWATCH_AGENT_REQUEST_TIMEOUT_MS');
    expect(envName('caFile')).toBe('FARMWATCH_AGENT_CA_FILE');
  });
});
