import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

describe('alerts raised from reports', () => {
  let collector: TestCollector;
  let agent: EnrollResponse;
  beforeAll(async () => {
    collector = await startCollector();
    agent = await enrollAgent(collector);
  });
  afterAll(async () => {
    await collector.close();
  });

  const report = async (agentToken: string, body: unknown) => {
    const response = await call(collector.url, '/api/v1/reports', { body, token: agentToken });
    expect(response.status).toBe(202);
  };
  const alerts = async (query = '') => {
    const response = await call(collector.url, `/api/v1/alerts${query}`, { token: collector.adminToken });
    expect(response.status).toBe(200);
    return response.body as { alerts: Record<string, unknown>[]; total: number; limit: number; offset: number };
  };

  it('opens exactly one alert for a high finding and updates it on the next report', async () => {
    await report(agent.agentToken, makeReport(agent.agentId, {
      findings: [finding('remote_access.process_running', 'high', 'AnyDesk'), finding('remote_access.process_running', 'high', 'RustDesk')],
    }));
    let page = await alerts();
    expect(page.total).toBe(1);
    expect(page.alerts[0]).toMatchObject({
      agentId: agent.agentId, signal: 'remote_access.process_running', category: 'remote_access', severity: 'high',
      status: 'open', count: 1, dedupKey: `${agent.agentId}:remote_access.process_running`,
    });
    expect((page.alerts[0]!.evidence as { subject: string }[]).map((e) => e.subject)).toEqual(['AnyDesk', 'RustDesk']);
    const firstSeen = page.alerts[0]!.firstSeen;

    await report(agent.agentToken, makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high', 'AnyDesk')] }));
    page = await alerts();
    expect(page.total).toBe(1);
    expect(page.alerts[0]).toMatchObject({ count: 2, firstSeen });
    expect(page.alerts[0]!.lastSeen as string >= (firstSeen as string)).toBe(true);
    expect((page.alerts[0]!.evidence as { subject: string }[]).map((e) => e.subject)).toEqual(['AnyDesk']);
  });

  it('opens none for a report with medium findings only', async () => {
    const quiet = await enrollAgent(collector);
    await report(quiet.agentToken, makeReport(quiet.agentId, {
      findings: [finding('remote_access.installed', 'medium'), finding('vpn.tunnel_interface', 'low', 'tun0')],
    }));
    expect((await call(collector.url, `/api/v1/devices/${quiet.agentId}`, { token: collector.adminToken })).body.device.openAlertCount).toBe(0);
    expect((await alerts()).alerts.filter((a) => a.agentId === quiet.agentId)).toEqual([]);
  });

  it('filters by status, severity and signal, newest first, with paging', async () => {
    await sleep(5);
    const kvm = await enrollAgent(collector);
    await report(kvm.agentToken, makeReport(kvm.agentId, { findings: [finding('ip_kvm.edid_match', 'critical', 'PiKVM')] }));
    await sleep(5); // alerts order by last seen, in milliseconds
    await report(kvm.agentToken, makeReport(kvm.agentId, { findings: [finding('vpn.default_route_tunnel', 'high', 'tun0')] }));

    expect((await alerts()).alerts.map((a) => a.signal)).toEqual(['vpn.default_route_tunnel', 'ip_kvm.edid_match', 'remote_access.process_running']);
    expect((await alerts('?severity=critical')).alerts.map((a) => a.signal)).toEqual(['ip_kvm.edid_match']);
    expect((await alerts('?signal=remote_access.process_running&status=open')).total).toBe(1);
    expect((await alerts('?status=resolved')).total).toBe(0);
    const paged = await alerts('?limit=1&offset=1');
    expect(paged).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(paged.alerts.map((a) => a.signal)).toEqual(['ip_kvm.edid_match']);
  });

  it('refuses bad filters and a page size over the cap with 400 naming the parameter', async () => {
    for (const [query, field] of [['?status=closed', 'status'], ['?limit=501', 'limit'], ['?limit=-1', 'limit'], ['?severty=high', '(root)']] as const) {
      const response = await call(collector.url, `/api/v1/alerts${query}`, { token: collector.adminToken });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });
});
