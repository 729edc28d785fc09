import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAdminToken } from '../../server/auth/admin-tokens.js';
import { ApiErrorBody, type EnrollResponse } from '../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

describe('alert lifecycle API', () => {
  let collector: TestCollector;
  let agent: EnrollResponse;
  let alertId: string;
  let viewer: string;
  let analyst: string;
  let analystId: string;
  beforeAll(async () => {
    collector = await startCollector();
    agent = await enrollAgent(collector);
    const report = makeReport(agent.agentId, { findings: [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM')] });
    expect((await call(collector.url, '/api/v1/reports', { body: report, token: agent.agentToken })).status).toBe(202);
    viewer = (await issueAdminToken(collector.store, 'viewer', 'helpdesk')).token;
    const issued = await issueAdminToken(collector.store, 'analyst', 'soc-dana');
    [analyst, analystId] = [issued.token, issued.id];
    alertId = (await call(collector.url, '/api/v1/alerts', { token: viewer })).body.alerts[0].id;
  });
  afterAll(async () => {
    await collector.close();
  });

  const act = (action: string, token: string, body?: unknown, id = alertId) =>
    call(collector.url, `/api/v1/alerts/${id}/${action}`, { method: 'POST', token, ...(body === undefined ? {} : { body }) });

  it('shows one alert with its type, devices, reasons, score and notes to every role', async () => {
    const response = await call(collector.url, `/api/v1/alerts/${alertId}`, { token: viewer });
    expect(response.status).toBe(200);
    expect(response.body.alert).toMatchObject({
      id: alertId, type: 'ip_kvm', agentId: agent.agentId, agentIds: [agent.agentId], severity: 'critical', score: 90,
      status: 'open', reasons: ['PiKVM seen (ip_kvm.usb_descriptor_match)'], assignee: null, resolution: null,
    });
    expect(response.body.notes).toEqual([]);
    expect((await call(collector.url, `/api/v1/alerts?type=ip_kvm`, { token: viewer })).body.total).toBe(1);
    expect((await call(collector.url, `/api/v1/alerts?type=remote_control`, { token: viewer })).body.total).toBe(0);
    expect((await call(collector.url, `/api/v1/alerts/${randomUUID()}`, { token: viewer })).status).toBe(404);
  });

  it('refuses every change from a viewer with 403 FORBIDDEN', async () => {
    for (const [action, body] of [['acknowledge', undefined], ['assign', { assignee: 'x' }], ['notes', { text: 'x' }], ['resolve', { resolution: 'benign' }]] as const) {
      const response = await act(action, viewer, body);
      expect(response.status).toBe(403);
      expect(ApiErrorBody.parse(response.body).error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('viewer') });
    }
    expect((await call(collector.url, `/api/v1/alerts/${alertId}`, { token: viewer })).body.alert.status).toBe('open');
  });

  it('lets an analyst acknowledge, assign, note and resolve, and refuses what no longer applies with 409', async () => {
    const acknowledged = await act('acknowledge', analyst);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.alert).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(String) });
    expect((await act('acknowledge', analyst)).status).toBe(409);

    expect((await act('assign', analyst, { assignee: 'dana' })).body.alert.assignee).toBe('dana');
    const noted = await act('notes', analyst, { text: 'Asked IT to check the USB devices.' });
    expect(noted.body.notes).toEqual([{
      id: expect.any(String), text: 'Asked IT to check the USB devices.', createdAt: expect.any(String),
      author: { kind: 'admin', tokenId: analystId, label: 'soc-dana', role: 'analyst' },
    }]);

    const resolved = await act('resolve', analyst, { resolution: 'true_positive', note: 'PiKVM found behind the dock.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.alert).toMatchObject({ status: 'resolved', resolution: 'true_positive', resolvedAt: expect.any(String) });
    expect(resolved.body.notes.map((n: { text: string }) => n.text)).toEqual(['Asked IT to check the USB devices.', 'PiKVM found behind the dock.']);

    const again = await act('resolve', analyst, { resolution: 'benign' });
    expect(again.status).toBe(409);
    expect(ApiErrorBody.parse(again.body).error.code).toBe('CONFLICT');
  });

  it('validates bodies and ids', async () => {
    for (const [action, body, path] of [
      ['resolve', { resolution: 'maybe' }, 'resolution'], ['notes', { text: '' }, 'text'], ['notes', {}, 'text'],
      ['assign', { assignee: 'a', extra: 1 }, '(root)'], ['acknowledge', { now: true }, '(root)'],
    ] as const) {
      const response = await act(action, analyst, body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await act('acknowledge', analyst, undefined, randomUUID())).status).toBe(404);
    expect((await act('acknowledge', agent.agentToken)).status).toBe(403);
    expect((await act('acknowledge', '')).status).toBe(401);
  });

  it('records every change in the audit log, readable by analysts and admins only', async () => {
    expect((await call(collector.url, '/api/v1/audit', { token: viewer })).status).toBe(403);
    const response = await call(collector.url, `/api/v1/audit?targetType=alert&targetId=${alertId}`, { token: analyst });
    expect(response.status).toBe(200);
    expect(response.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'alert.resolve', 'alert.note', 'alert.assign', 'alert.acknowledge',
    ]);
    expect(response.body.entries[0]).toMatchObject({
      actor: { kind: 'admin', tokenId: analystId, label: 'soc-dana', role: 'analyst' },
      before: { status: 'acknowledged', resolution: null }, after: { status: 'resolved', resolution: 'true_positive', note: { text: 'PiKVM found behind the dock.' } },
    });
    const filtered = await call(collector.url, `/api/v1/audit?action=alert.assign&actorTokenId=${analystId}&limit=1`, { token: collector.adminToken });
    expect(filtered.body).toMatchObject({ total: 1, limit: 1, offset: 0, entries: [{ before: { assignee: null }, after: { assignee: 'dana' } }] });
    const future = await call(collector.url, '/api/v1/audit?since=2999-01-01T00:00:00Z', { token: analyst });
    expect(future.body.total).toBe(0);
    expect((await call(collector.url, '/api/v1/audit?since=yesterday', { token: analyst })).status).toBe(400);
  });
});
