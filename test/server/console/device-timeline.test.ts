// GET /api/v1/devices/:id/reports on a real collector: a device's scans newest first, paged.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../../server/auth/admin-tokens.js';
import { call, enrollAgent, startCollector, type TestCollector } from '../collector.js';
import { finding, makeReport } from '../fixtures.js';

describe('device timeline API', () => {
  let collector: TestCollector;
  let agentId: string;
  let viewer: string;
  beforeAll(async () => {
    collector = await startCollector();
    const agent = await enrollAgent(collector);
    agentId = agent.agentId;
    for (const findings of [[], [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM')]]) {
      const response = await call(collector.url, '/api/v1/reports', { token: agent.agentToken, body: makeReport(agentId, { findings }) });
      expect(response.status).toBe(202);
    }
    viewer = (await issueAdminToken(collector.store, 'viewer', 'helpdesk')).token;
  });
  afterAll(async () => {
    await collector.close();
  });

  it('answers the scans newest first with their findings, to any role', async () => {
    const response = await call(collector.url, `/api/v1/devices/${agentId}/reports?limit=1`, { token: viewer });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(response.body.reports).toEqual([expect.objectContaining({ findings: [expect.objectContaining({ subject: 'PiKVM', severity: 'critical' })] })]);
    const older = await call(collector.url, `/api/v1/devices/${agentId}/reports?offset=1`, { token: viewer });
    expect(older.body.reports).toEqual([expect.objectContaining({ findings: [] })]);
  });

  it('answers 404 for an unknown device, 400 for a bad page and 401 without credentials', async () => {
    expect((await call(collector.url, `/api/v1/devices/${randomUUID()}/reports`, { token: viewer })).status).toBe(404);
    expect((await call(collector.url, `/api/v1/devices/${agentId}/reports?limit=0`, { token: viewer })).status).toBe(400);
    expect((await call(collector.url, `/api/v1/devices/${agentId}/reports`)).status).toBe(401);
  });
});
