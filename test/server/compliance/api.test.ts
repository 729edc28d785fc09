// GET /api/v1/compliance and /api/v1/compliance.csv on a real collector (SQLite file, HTTP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../../server/alerts/rules.js';
import { issueAdminToken } from '../../../server/auth/admin-tokens.js';
import { hashSecret, mintToken } from '../../../server/auth/tokens.js';
import { CompliancePage } from '../../../server/openapi/compliance-schemas.js';
import type { ProbeHealth, Report } from '../../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from '../collector.js';
import { finding, makeReport } from '../fixtures.js';

const ENROLLED = '2026-01-01T00:00:00.000Z';
const HOUR = 3_600_000;
const id = (n: number) => `aaaaaaaa-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

async function csv(collector: TestCollector, route: string, token = collector.adminToken) {
  const response = await fetch(collector.url + route, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('compliance report API', () => {
  let collector: TestCollector;
  let viewer: string;
  const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
  const times = { fresh: '', stale: '' };

  beforeAll(async () => {
    collector = await startCollector({ complianceSlaHours: 24 });
    viewer = (await issueAdminToken(collector.store, 'viewer', 'auditor')).token;
    const { store } = collector;
    const hosts = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    for (const [i, hostname] of hosts.entries()) {
      await store.createAgent({
        agentId: id(i + 1), tokenHash: hashSecret(mintToken('agent')), hostname, platform: 'linux', agentVersion: '0.1.0',
        serial: `SN-${hostname[0]!.toUpperCase()}`, hardwareUuid: null, enrolledAt: ENROLLED,
      });
    }
    times.fresh = ago(1);
    times.stale = ago(30);
    const report = (n: number, overrides: Parameters<typeof makeReport>[1] = {}) =>
      makeReport(id(n), { hostname: hosts[n - 1], serial: `SN-${hosts[n - 1]![0]!.toUpperCase()}`, ...overrides });
    const record = (r: Report, receivedAt: string) => store.recordReport({ report: r, receivedAt, decideAlerts });
    const failedProcesses: ProbeHealth[] = [{ probe: 'processes', ok: false, durationMs: 15_000, timedOut: true }];

    await record(report(1), times.fresh);
    await record(report(2, { findings: [finding('remote_access.process_running', 'high', 'AnyDesk'), finding('remote_access.process_running', 'info', 'TeamViewer')] }), times.fresh);
    await record(report(3), times.stale);
    await record({ ...report(4), probes: failedProcesses }, times.fresh);
    // echo (5) enrolled and never reported.

    const inventory = await call(collector.url, '/api/v1/inventory', {
      token: collector.adminToken,
      body: [
        { serial: 'SN-A', employeeId: 'E-100', employeeName: 'Doe, Jane', city: 'New York', country: 'US', workMode: 'remote' },
        { serial: 'SN-Z', employeeId: 'E-900', employeeName: '=HYPERLINK("http://x")', city: 'Austin', country: 'US', workMode: 'remote' },
      ],
    });
    expect(inventory.status).toBe(200);
  });

  afterAll(async () => {
    await collector?.close();
  });

  it('answers the summary and the devices, failing first, to any role', async () => {
    const response = await call(collector.url, '/api/v1/compliance', { token: viewer });
    expect(response.status).toBe(200);
    const { body } = response;
    // The answer is what the OpenAPI document says it is.
    expect(CompliancePage.strict().safeParse(body).error).toBeUndefined();
    expect(body.sla).toEqual({ hours: 24, source: 'config' });
    expect(body.rules.map((r: { id: string }) => r.id)).toEqual(['scanned_within_sla', 'no_unsanctioned_remote_access', 'no_ip_kvm', 'no_vpn']);
    expect(body.summary).toEqual({
      devices: 6, enrolled: 5, neverSeen: 1, withinSla: 3, coveragePercent: 50, pass: 1, fail: 3, unknown: 1,
      failingByRule: { scanned_within_sla: 2, no_unsanctioned_remote_access: 1, no_ip_kvm: 0, no_vpn: 0 },
    });
    expect(body.devices.map((d: { status: string; hostname: string | null; serial: string }) => [d.status, d.hostname ?? d.serial])).toEqual([
      ['fail', 'bravo'], ['fail', 'charlie'], ['fail', 'echo'], ['unknown', 'delta'], ['never_seen', 'SN-Z'], ['pass', 'alpha'],
    ]);
    expect(body.devices[0]).toMatchObject({
      agentId: id(2), withinSla: true, lastReportAt: times.fresh,
      reasons: ['no_unsanctioned_remote_access: remote_access.process_running AnyDesk (high)'],
    });
    expect(body.devices[5]).toMatchObject({ employeeId: 'E-100', employeeName: 'Doe, Jane' });
    expect(body).toMatchObject({ total: 6, limit: 100, offset: 0 });
    expect(Date.now() - Date.parse(body.generatedAt)).toBeLessThan(60_000);
  });

  it('filters by status and pages, keeping the whole-fleet summary', async () => {
    const { status, body } = await call(collector.url, '/api/v1/compliance?status=fail&limit=1&offset=1', { token: viewer });
    expect(status).toBe(200);
    expect(body.devices.map((d: { hostname: string }) => d.hostname)).toEqual(['charlie']);
    expect(body).toMatchObject({ total: 3, limit: 1, offset: 1, summary: { devices: 6 } });
    const unseen = await call(collector.url, '/api/v1/compliance?status=never_seen', { token: viewer });
    expect(unseen.body.devices).toEqual([expect.objectContaining({ agentId: null, serial: 'SN-Z', employeeId: 'E-900', rules: [] })]);
  });

  it('refuses bad queries and callers without an admin token', async () => {
    const bad = await call(collector.url, '/api/v1/compliance?status=broken', { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error)).toContain('expected one of fail, unknown, never_seen, pass');
    expect((await call(collector.url, '/api/v1/compliance?colour=red', { token: viewer })).status).toBe(400);
    expect((await csv(collector, '/api/v1/compliance.csv?limit=5')).status).toBe(400);
    expect((await call(collector.url, '/api/v1/compliance')).status).toBe(401);
    expect((await csv(collector, '/api/v1/compliance.csv', 'fwt_not-a-real-token-at-all-000000000000')).status).toBe(401);
  });

  it('exports every device as CSV, with formula cells neutralised', async () => {
    const response = await csv(collector, '/api/v1/compliance.csv?status=fail', viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="farmwatch-compliance-\d{4}-\d{2}-\d{2}\.csv"$/);
    const header = 'status,agent_id,hostname,serial,platform,employee_id,employee_name,enrolled_at,last_report_at,last_scan_at,within_sla,failed_rules,unknown_rules,reasons\r\n';
    expect(response.text).toBe(header +
      `fail,${id(2)},bravo,SN-B,linux,,,${ENROLLED},${times.fresh},${times.fresh},true,no_unsanctioned_remote_access,,no_unsanctioned_remote_access: remote_access.process_running AnyDesk (high)\r\n` +
      `fail,${id(3)},charlie,SN-C,linux,,,${ENROLLED},${times.stale},${times.stale},false,scanned_within_sla,,scanned_within_sla: last scan 30 h ago (${times.stale}); the SLA is 24 h\r\n` +
      `fail,${id(5)},echo,SN-E,linux,,,${ENROLLED},,,false,scanned_within_sla,no_unsanctioned_remote_access; no_ip_kvm; no_vpn,scanned_within_sla: no report since enrolment at ${ENROLLED}\r\n`);

    const all = await csv(collector, '/api/v1/compliance.csv');
    const lines = all.text.split('\r\n');
    expect(lines[0]).toBe(header.trimEnd());
    expect(lines.slice(4)).toEqual([
      `unknown,${id(4)},delta,SN-D,linux,,,${ENROLLED},${times.fresh},${times.fresh},true,,no_unsanctioned_remote_access,"no_unsanctioned_remote_access: not checked, the processes probe failed"`,
      `never_seen,,,SN-Z,,E-900,"'=HYPERLINK(""http://x"")",,,,false,,,"never_seen: in the inventory for E-900 (=HYPERLINK(""http://x"")), but no enrolled agent matches its serial"`,
      `pass,${id(1)},alpha,SN-A,linux,E-100,"Doe, Jane",${ENROLLED},${times.fresh},${times.fresh},true,,,`,
      '',
    ]);
  });
});

describe('compliance report API, end to end', () => {
  let collector: TestCollector;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(async () => {
    await collector?.close();
  });

  it("judges a report delivered by an agent, against the SLA the policy's schedule implies", async () => {
    const agent = await enrollAgent(collector);
    const report = makeReport(agent.agentId, { findings: [finding('ip_kvm.usb_match', 'critical', 'PiKVM')] });
    expect((await call(collector.url, '/api/v1/reports', { token: agent.agentToken, body: report })).status).toBe(202);
    expect((await call(collector.url, '/api/v1/compliance', { token: agent.agentToken })).status).toBe(403);

    const { body } = await call(collector.url, '/api/v1/compliance', { token: collector.adminToken });
    // Default policy: 3 x (4 h + 5 min splay), the silent-agents threshold.
    expect(body.sla).toEqual({ hours: 12.25, source: 'policy' });
    expect(body.summary).toMatchObject({ devices: 1, withinSla: 1, coveragePercent: 100, fail: 1 });
    expect(body.devices).toEqual([expect.objectContaining({
      agentId: agent.agentId, status: 'fail', withinSla: true, reasons: ['no_ip_kvm: ip_kvm.usb_match PiKVM (critical)'],
    })]);
  });
});
