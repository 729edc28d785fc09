import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken, rotateAdminToken } from '../../server/auth/admin-tokens.js';
import { ApiErrorBody, type EnrollResponse } from '../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

describe('admin API', () => {
  let collector: TestCollector;
  let agent: EnrollResponse;
  beforeAll(async () => {
    collector = await startCollector();
    agent = await enrollAgent(collector);
    const report = makeReport(agent.agentId, { hostname: 'farm-laptop', findings: [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM')] });
    expect((await call(collector.url, '/api/v1/reports', { body: report, token: agent.agentToken })).status).toBe(202);
  });
  afterAll(async () => {
    await collector.close();
  });

  const admin = (route: string, token = collector.adminToken) => call(collector.url, route, { token });

  it('lists devices with last seen, hostname, platform and open alert count', async () => {
    await sleep(5); // activity is ordered in milliseconds
    const quiet = await enrollAgent(collector);
    const response = await admin('/api/v1/devices');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 2, limit: 100, offset: 0 });
    // Most recent activity (report, or enrolment for a device that never reported) first.
    const [first, second] = response.body.devices;
    expect(first).toMatchObject({ agentId: quiet.agentId, lastSeenAt: null, openAlertCount: 0 });
    expect(second).toMatchObject({ agentId: agent.agentId, hostname: 'farm-laptop', platform: 'linux', openAlertCount: 1 });
    expect(second.lastSeenAt).toEqual(expect.any(String));
  });

  it("shows one device with its latest report's findings", async () => {
    const response = await admin(`/api/v1/devices/${agent.agentId}`);
    expect(response.status).toBe(200);
    expect(response.body.device).toMatchObject({ agentId: agent.agentId, serial: 'SN-0017', openAlertCount: 1 });
    expect(response.body.latestReport.findings).toEqual([expect.objectContaining({ signal: 'ip_kvm.usb_descriptor_match', subject: 'PiKVM' })]);
  });

  it('answers an unknown device with 404', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const response = await admin(`/api/v1/devices/${id}`);
      expect(response.status).toBe(404);
      expect(ApiErrorBody.parse(response.body).error.code).toBe('NOT_FOUND');
    }
  });

  it('refuses agent tokens (403), no token and unknown tokens (401)', async () => {
    for (const route of ['/api/v1/devices', `/api/v1/devices/${agent.agentId}`, '/api/v1/alerts']) {
      expect((await admin(route, agent.agentToken)).status).toBe(403);
      const anonymous = await call(collector.url, route);
      expect(anonymous.status).toBe(401);
      expect(ApiErrorBody.parse(anonymous.body).error.code).toBe('UNAUTHENTICATED');
      expect((await admin(route, `${collector.adminToken}x`)).status).toBe(401);
    }
  });

  it('lets every role read, and stops a rotated-out token', async () => {
    const viewer = await issueAdminToken(collector.store, 'viewer', null);
    expect((await admin('/api/v1/alerts', viewer.token)).status).toBe(200);
    await rotateAdminToken(collector.store, 'viewer');
    expect((await admin('/api/v1/alerts', viewer.token)).status).toBe(401);
  });

  it('serves /healthz without authentication', async () => {
    const response = await call(collector.url, '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with the error body', async () => {
    const response = await call(collector.url, '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('NOT_FOUND');
  });
});

describe('rate limiting', () => {
  let collector: TestCollector;
  beforeAll(async () => {
    collector = await startCollector({ rateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await collector.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a token used its minute, per token', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(collector.url, '/api/v1/alerts', { token: collector.adminToken })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call(collector.url, '/api/v1/alerts', { token: collector.adminToken });
    expect(ApiErrorBody.parse(limited.body).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another caller has its own budget.
    expect((await call(collector.url, '/healthz')).status).toBe(200);
  });
});
