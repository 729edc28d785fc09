import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, Policy, type EnrollResponse } from '../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';

describe('GET /api/v1/policy', () => {
  let collector: TestCollector;
  let agent: EnrollResponse;
  beforeAll(async () => {
    collector = await startCollector();
    agent = await enrollAgent(collector);
  });
  afterAll(async () => {
    await collector.close();
  });

  const get = (headers: Record<string, string> = {}) => call(collector.url, '/api/v1/policy', { token: agent.agentToken, headers });

  it('serves the default policy with a strong ETag', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(Policy.parse(response.body)).toEqual(DEFAULT_POLICY);
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect((await get()).headers.get('etag')).toBe(response.headers.get('etag'));
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const etag = (await get()).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await get({ 'if-none-match': ifNoneMatch });
      expect(response.status).toBe(304);
      expect(response.body).toBeUndefined();
      expect(response.headers.get('etag')).toBe(etag);
    }
    expect((await get({ 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('serves a stored policy under a new ETag', async () => {
    const before = (await get()).headers.get('etag')!;
    const stored = Policy.parse({ schemaVersion: 1, vpn: { allowed: true }, remoteAccess: { allowedTools: ['teamviewer'] } });
    await collector.store.setSetting('policy', JSON.stringify(stored));
    const response = await get({ 'if-none-match': before });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(stored);
    expect(response.headers.get('etag')).not.toBe(before);
  });

  it('requires an agent token', async () => {
    expect((await call(collector.url, '/api/v1/policy')).status).toBe(401);
    expect((await call(collector.url, '/api/v1/policy', { token: collector.adminToken })).status).toBe(403);
  });
});
