// GET /metrics and the CSV/JSON exports on a real collector.
import { afterEach, describe, expect, it } from 'vitest';
import { call, enrollAgent, enrollBody, type TestCollector } from '../collector.js';
import { finding, makeReport } from '../fixtures.js';
import { startOutputsCollector } from './outputs-collector.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

async function text(url: string, token?: string): Promise<{ status: number; type: string | null; disposition: string | null; body: string }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), body: await response.text() };
}

describe('GET /metrics', () => {
  it('needs a token and counts reports, rejections, alerts and request latency', { timeout: 20_000 }, async () => {
    collector = await startOutputsCollector();
    const c = collector;
    expect((await text(`${c.url}/metrics`)).status).toBe(401);
    const agent = await enrollAgent(c);
    const sent = makeReport(agent.agentId, { findings: [finding('remote_access.process_running', 'high')] });
    expect((await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: sent })).status).toBe(202);
    expect((await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: sent })).status).toBe(202);
    expect((await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: { ...sent, reportId: 'nope' } })).status).toBe(400);
    await call(c.url, `/api/v1/alerts`, { token: c.adminToken });

    const viewer = (await call(c.url, '/api/v1/tokens', { token: c.adminToken, body: { role: 'viewer' } })).body.secret as string;
    const metrics = await text(`${c.url}/metrics`, viewer);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    const lines = metrics.body.split('\n');
    expect(lines).toContain('farmwatch_reports_ingested_total 1');
    expect(lines).toContain('farmwatch_report_rejections_total{reason="duplicate"} 1');
    expect(lines).toContain('farmwatch_report_rejections_total{reason="VALIDATION_FAILED"} 1');
    expect(lines).toContain('farmwatch_alerts_total{type="remote_control",severity="high"} 1');
    expect(lines).toContain('farmwatch_agents_silent 0');
    expect(lines.some((l) => l.startsWith('farmwatch_http_request_duration_seconds_count{method="GET",route="/api/v1/alerts",status="200"} 1'))).toBe(true);
    expect(lines.some((l) => l.startsWith('farmwatch_process_cpu_seconds_total'))).toBe(true);
  });
});

describe('exports', () => {
  it('streams alerts and devices as CSV with the list filters and the formula guard, and as JSON', { timeout: 20_000 }, async () => {
    collector = await startOutputsCollector();
    const c = collector;
    const enrolled = await call(c.url, '/api/v1/enroll', { body: enrollBody(c.enrollSecret, { hostname: '=cmd|calc', serial: 'SN-1' }) });
    const agent = enrolled.body as { agentId: string; agentToken: string };
    const report = makeReport(agent.agentId, {
      hostname: '=cmd|calc', serial: 'SN-1',
      findings: [finding('remote_access.process_running', 'high', '@AnyDesk, "portable"'), finding('ip_kvm.usb_vendor_match', 'critical', 'PiKVM')],
    });
    expect((await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: report })).status).toBe(202);
    const [alert] = (await call(c.url, '/api/v1/alerts?type=remote_control', { token: c.adminToken })).body.alerts;

    const alerts = await text(`${c.url}/api/v1/alerts/export?format=csv&type=remote_control`, c.adminToken);
    expect(alerts.status).toBe(200);
    expect(alerts.type).toBe('text/csv; charset=utf-8');
    expect(alerts.disposition).toMatch(/^attachment; filename="farmwatch-alerts-.*\.csv"$/);
    expect(alerts.body).toBe(
      'id,type,signal,category,severity,score,status,summary,reasons,device_ids,first_seen,last_seen,count,assignee,resolution,acknowledged_at,resolved_at,dedup_key\r\n'
      + `${alert.id},remote_control,remote_access.process_running,remote_access,high,${alert.score},open,`
      + `"'@AnyDesk, ""portable"" seen (remote_access.process_running)",`
      + `"'@AnyDesk, ""portable"" seen (remote_access.process_running)",${agent.agentId},${alert.firstSeen},${alert.lastSeen},1,,,,,`
      + `${agent.agentId}:remote_access.process_running\r\n`,
    );

    const devices = await text(`${c.url}/api/v1/devices/export`, c.adminToken);
    const [device] = (await call(c.url, '/api/v1/devices', { token: c.adminToken })).body.devices;
    expect(devices.body).toBe(
      'agent_id,hostname,platform,os_release,arch,manufacturer,model,serial,hardware_uuid,agent_version,enrolled_at,last_seen_at,open_alert_count,report_count\r\n'
      + `${agent.agentId},'=cmd|calc,linux,Debian 12,x64,Lenovo,ThinkPad T14,SN-1,${device.hardwareUuid},0.1.0,${device.enrolledAt},${device.lastSeenAt},2,1\r\n`,
    );

    const json = await text(`${c.url}/api/v1/alerts/export?format=json&severity=critical`, c.adminToken);
    expect(json.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.body)).toMatchObject({ kind: 'alerts', count: 1, items: [{ type: 'ip_kvm', severity: 'critical' }] });
    const jsonDevices = JSON.parse((await text(`${c.url}/api/v1/devices/export?format=json`, c.adminToken)).body);
    expect(jsonDevices).toMatchObject({ kind: 'devices', count: 1, items: [{ agentId: agent.agentId, hostname: '=cmd|calc' }] });

    expect((await call(c.url, '/api/v1/alerts/export?format=xml', { token: c.adminToken })).status).toBe(400);
    expect((await text(`${c.url}/api/v1/alerts/export`)).status).toBe(401);
  });
});
