// GET /api/v1/alerts/stats on a real collector: counts of alerts raised from real reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../server/auth/admin-tokens.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

const utcDay = () => new Date().toISOString().slice(0, 10);

describe('GET /api/v1/alerts/stats', () => {
  let collector: TestCollector;
  let viewer: string;
  let reportedOn: string[];
  beforeAll(async () => {
    collector = await startCollector();
    viewer = (await issueAdminToken(collector.store, 'viewer', null)).token;
    const before = utcDay();
    for (const findings of [
      [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM'), finding('remote_access.process_running', 'high')],
      [finding('ip_kvm.usb_descriptor_match', 'critical', 'TinyPilot')],
    ]) {
      const agent = await enrollAgent(collector);
      const response = await call(collector.url, '/api/v1/reports', { body: makeReport(agent.agentId, { findings }), token: agent.agentToken });
      expect(response.status).toBe(202);
    }
    reportedOn = [before, utcDay()];
  });
  afterAll(async () => {
    await collector.close();
  });

  it('answers the days of the period and the counts of alerts first seen on them, to a viewer', async () => {
    const response = await call(collector.url, '/api/v1/alerts/stats?days=3', { token: viewer });
    expect(response.status).toBe(200);
    const { days, series } = response.body as { days: string[]; series: { day: string; category: string; severity: string; count: number }[] };
    expect(days).toHaveLength(3);
    expect(reportedOn).toContain(days[2]);
    expect(Date.parse(days[2]!) - Date.parse(days[0]!)).toBe(2 * 86_400_000);
    const counted = series.map(({ category, severity, count }) => ({ category, severity, count }));
    // Both reports landed on the same UTC day unless they straddled midnight.
    if (reportedOn[0] === reportedOn[1]) {
      expect(counted).toEqual([
        { category: 'ip_kvm', severity: 'critical', count: 2 },
        { category: 'remote_access', severity: 'high', count: 1 },
      ]);
      expect(series.every((s) => s.day === reportedOn[0])).toBe(true);
    }
    expect(series.reduce((n, s) => n + s.count, 0)).toBe(3);
  });

  it('defaults to 14 days', async () => {
    const response = await call(collector.url, '/api/v1/alerts/stats', { token: collector.adminToken });
    expect(response.status).toBe(200);
    expect(response.body.days).toHaveLength(14);
    expect(response.body.series.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(3);
  });

  it.each(['0', '91', '1.5', 'abc', ''])('refuses days=%s with a 400', async (days) => {
    const response = await call(collector.url, `/api/v1/alerts/stats?days=${days}`, { token: viewer });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses unknown parameters and callers without an admin token', async () => {
    expect((await call(collector.url, '/api/v1/alerts/stats?limit=5', { token: viewer })).status).toBe(400);
    expect((await call(collector.url, '/api/v1/alerts/stats')).status).toBe(401);
  });
});
