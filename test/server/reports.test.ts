import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../server/auth/tokens.js';
import { ApiErrorBody, ReportAccepted, type EnrollResponse } from '../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';
import { finding, makeReport } from './fixtures.js';

function countReports(collector: TestCollector, agentId: string): number {
  const db = new Database(path.join(collector.config.dataDir, 'farmwatch.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM reports WHERE agent_id = ?').get(agentId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('POST /api/v1/reports', () => {
  let collector: TestCollector;
  let agent: EnrollResponse;
  let other: EnrollResponse;
  beforeAll(async () => {
    collector = await startCollector();
    agent = await enrollAgent(collector);
    other = await enrollAgent(collector);
  });
  afterAll(async () => {
    await collector.close();
  });

  /** `token: null` sends no Authorization header. */
  const post = (body: unknown, token: string | null = agent.agentToken, headers?: Record<string, string>) =>
    call(collector.url, '/api/v1/reports', { method: 'POST', body, token: token ?? undefined, headers });

  it('accepts a report with 202 and records the device facts it carries', async () => {
    const report = makeReport(agent.agentId, { hostname: 'renamed-laptop', serial: 'SN-NEW', findings: [finding('vpn.tunnel_interface', 'low', 'tun0')] });
    const response = await post(report);
    expect(response.status).toBe(202);
    expect(ReportAccepted.parse(response.body)).toEqual({ schemaVersion: 1, reportId: report.reportId, duplicate: false });
    const detail = await collector.store.getDevice(agent.agentId);
    expect(detail?.device).toMatchObject({ hostname: 'renamed-laptop', serial: 'SN-NEW', model: 'ThinkPad T14' });
    expect(detail?.device.lastSeenAt).not.toBeNull();
    expect(detail?.latestReport?.findings).toEqual(report.findings);
  });

  it('answers an exact redelivery with 202 duplicate:true and stores it once', async () => {
    const report = makeReport(other.agentId);
    expect((await post(report, other.agentToken)).body.duplicate).toBe(false);
    const again = await post(report, other.agentToken);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ schemaVersion: 1, reportId: report.reportId, duplicate: true });
    expect(countReports(collector, other.agentId)).toBe(1);
  });

  it('answers a report id another agent used with 409', async () => {
    const report = makeReport(agent.agentId);
    await post(report);
    const response = await post({ ...report, agentId: other.agentId }, other.agentToken);
    expect(response.status).toBe(409);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('CONFLICT');
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const response = await post('{"schemaVersion":1,"findings":[');
    expect(response.status).toBe(400);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('INVALID_JSON');
  });

  it('answers wrong types with 400 naming the field path', async () => {
    const report = makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high')] });
    const response = await post({ ...report, findings: [{ ...report.findings[0], severity: 'extreme' }], spoolEvicted: '3' });
    expect(response.status).toBe(400);
    const { error } = ApiErrorBody.parse(response.body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.path).sort()).toEqual(['findings.0.severity', 'spoolEvicted']);
    expect(await collector.store.listAlerts({ limit: 10, offset: 0, agentId: agent.agentId })).toMatchObject({ total: 0 });
  });

  it('refuses another schema version with 400', async () => {
    const response = await post({ ...makeReport(agent.agentId), schemaVersion: 2 });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ path: 'schemaVersion' })]);
  });

  it('refuses a missing, unknown or malformed token with 401', async () => {
    const report = makeReport(agent.agentId);
    for (const response of [
      await post(report, null),
      await post(report, mintToken('agent')),
      await post(report, null, { authorization: `Basic ${agent.agentToken}` }),
    ]) {
      expect(response.status).toBe(401);
      expect(ApiErrorBody.parse(response.body).error.code).toBe('UNAUTHENTICATED');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await post(report)).body.duplicate).toBe(false);
  });

  it('checks the token before reading the body', async () => {
    const response = await post('{not json', null);
    expect(response.status).toBe(401);
  });

  it('refuses an admin token with 403', async () => {
    const response = await post(makeReport(agent.agentId), collector.adminToken);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });

  it("refuses a report naming another agent with 403 and stores nothing", async () => {
    const before = countReports(collector, other.agentId);
    const response = await post(makeReport(other.agentId));
    expect(response.status).toBe(403);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('FORBIDDEN');
    expect(countReports(collector, other.agentId)).toBe(before);
  });
});

describe('POST /api/v1/reports over the body limit', () => {
  let collector: TestCollector;
  beforeAll(async () => {
    collector = await startCollector({ bodyLimitBytes: 4096 });
  });
  afterAll(async () => {
    await collector.close();
  });

  it('answers 413 BODY_TOO_LARGE and stores nothing', async () => {
    const agent = await enrollAgent(collector);
    const findings = Array.from({ length: 40 }, (_, i) => finding('remote_access.process_running', 'high', `tool-${i}`));
    const report = makeReport(agent.agentId, { findings });
    expect(JSON.stringify(report).length).toBeGreaterThan(4096);
    const response = await call(collector.url, '/api/v1/reports', { body: report, token: agent.agentToken });
    expect(response.status).toBe(413);
    expect(ApiErrorBody.parse(response.body).error.code).toBe('BODY_TOO_LARGE');
    expect(countReports(collector, agent.agentId)).toBe(0);

    const small = await call(collector.url, '/api/v1/reports', { body: makeReport(agent.agentId), token: agent.agentToken });
    expect(small.status).toBe(202);
  });
});
