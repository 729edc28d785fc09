import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../shared/index.js';
import { loadCachedPolicy, refreshPolicy } from '../../../agent/runtime/policy.js';
import { statePaths } from '../../../agent/runtime/state.js';
import { Transport } from '../../../agent/runtime/transport.js';
import { FAST_RETRY, captureLog, deadUrl, startCollector, tempDir, type ScriptedCollector } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let collector: ScriptedCollector | undefined;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  await collector?.close();
  collector = undefined;
  await cleanup();
});

const policyBody = { schemaVersion: 1, scan: { cron: '5 * * * *', splaySeconds: 10 }, vpn: { ...DEFAULT_POLICY.vpn, allowed: true } };

describe('policy cache', () => {
  it('fetches with ETag, caches, and answers 304 from the cache', async () => {
    collector = await startCollector((req) =>
      req.path === '/api/v1/policy' ? (req.headers['if-none-match'] === '"v7"' ? { status: 304 } : { status: 200, headers: { etag: '"v7"' }, body: policyBody }) : undefined,
    );
    const { log } = captureLog();
    const transport = await Transport.create({ serverUrl: collector.url, token: 't', config: FAST_RETRY, log });
    const initial = await loadCachedPolicy(dir, log);
    expect(initial).toEqual({ policy: DEFAULT_POLICY, source: 'default' });

    const fetched = await refreshPolicy(transport, dir, initial, log);
    expect(fetched).toMatchObject({ source: 'collector', etag: '"v7"', policy: { scan: { cron: '5 * * * *' }, vpn: { ...DEFAULT_POLICY.vpn, allowed: true } } });
    expect(JSON.parse(await readFile(statePaths(dir).policy, 'utf8'))).toMatchObject({ etag: '"v7"', policy: fetched.policy });

    const cached = await loadCachedPolicy(dir, log);
    expect(cached).toMatchObject({ source: 'cache', policy: fetched.policy });
    const confirmed = await refreshPolicy(transport, dir, cached, log);
    expect(confirmed).toMatchObject({ source: 'collector', policy: fetched.policy });
    expect(collector.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v7"']);
  });

  it('keeps the policy in use when the collector is down or sends nonsense', async () => {
    const { log, warnings } = captureLog();
    const down = await Transport.create({ serverUrl: await deadUrl(), token: 't', config: { ...FAST_RETRY, maxRetries: 0 }, log });
    const current = { policy: { ...DEFAULT_POLICY, vpn: { ...DEFAULT_POLICY.vpn, allowed: true } }, source: 'cache' as const, etag: '"x"' };
    expect(await refreshPolicy(down, dir, current, log)).toBe(current);
    expect(warnings()).toContain('cannot fetch the policy; keeping the one in use');

    collector = await startCollector(() => ({ status: 200, body: { schemaVersion: 1, scan: { splaySeconds: -5 } } }));
    const odd = await Transport.create({ serverUrl: collector.url, token: 't', config: FAST_RETRY, log });
    expect(await refreshPolicy(odd, dir, current, log)).toBe(current);
  });

  it('falls back to the default policy when the cache is damaged', async () => {
    const { log, warnings } = captureLog();
    await writeFile(statePaths(dir).policy, '{"policy": ');
    expect(await loadCachedPolicy(dir, log)).toEqual({ policy: DEFAULT_POLICY, source: 'default' });
    expect(warnings().some((w) => w.includes('damaged'))).toBe(true);
  });
});
