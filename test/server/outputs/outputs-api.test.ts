// Alert outputs wired into a real collector, with real local receivers: a webhook configured over
// the API receives a signed event when a report raises an alert, a receiver that is down gets the
// event exactly once when it is back, the delivery log and test send work, secrets never leave.
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../server/outputs/format/webhook.js';
import { AlertEvent } from '../../../server/outputs/types.js';
import { call, enrollAgent, type TestCollector } from '../collector.js';
import { finding, makeReport } from '../fixtures.js';
import { startOutputsCollector } from './outputs-collector.js';
import { eventually, startHttpReceiver, type HttpReceiver } from './receivers.js';

const SECRET = 'webhook-secret-for-tests';

let collector: TestCollector | undefined;
let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await collector?.close();
  await receiver?.close();
  collector = receiver = undefined;
});

const webhook = (url: string) => ({ id: 'soar', name: 'SOAR', type: 'webhook', url, secret: SECRET, headers: { 'X-Tenant': 'acme' } });

async function report(c: TestCollector, agent: { agentId: string; agentToken: string }, signal: string, subject = 'AnyDesk') {
  const response = await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: makeReport(agent.agentId, { findings: [finding(signal, 'high', subject)] }) });
  expect(response.status).toBe(202);
}

const eventsOf = (r: HttpReceiver) => r.requests.map((request) => AlertEvent.parse(JSON.parse(request.body)));

describe('alert outputs in the collector', () => {
  it('delivers a signed webhook for a report that raises an alert, and shows the output with its secrets masked', { timeout: 20_000 }, async () => {
    receiver = await startHttpReceiver();
    collector = await startOutputsCollector({ publicUrl: 'https://farmwatch.example.com/' });
    const c = collector;
    const created = await call(c.url, '/api/v1/outputs', { token: c.adminToken, body: webhook(`${receiver.url}/hook`) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'soar', secret: '********', headers: { 'X-Tenant': '********' }, enabled: true, pending: { count: 0 } });
    expect((await call(c.url, '/api/v1/outputs', { token: c.adminToken, body: webhook(`${receiver.url}/hook`) })).status).toBe(409);

    const agent = await enrollAgent(c);
    await report(c, agent, 'remote_access.process_running');
    await eventually(() => receiver!.requests.length === 1);
    const [request] = receiver.requests;
    expect(request!.headers['x-tenant']).toBe('acme');
    expect(verifySignature(SECRET, String(request!.headers['x-farmwatch-signature']), request!.body)).toBe(true);
    const [event] = eventsOf(receiver);
    const alerts = (await call(c.url, '/api/v1/alerts', { token: c.adminToken })).body.alerts as { id: string }[];
    expect(event).toMatchObject({
      kind: 'opened', alertId: alerts[0]!.id, type: 'remote_control', deviceIds: [agent.agentId],
      consoleUrl: `https://farmwatch.example.com/console/alerts/${alerts[0]!.id}`,
    });
    expect(request!.headers['x-farmwatch-event-id']).toBe(event!.eventId);

    const listed = await call(c.url, '/api/v1/outputs', { token: c.adminToken });
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    const log = await call(c.url, '/api/v1/outputs/deliveries?outputId=soar', { token: c.adminToken });
    expect(log.body).toMatchObject({ total: 1, deliveries: [{ outputId: 'soar', eventId: event!.eventId, attempt: 1, ok: true, status: 200 }] });
  });

  it('keeps the event while the receiver is down and delivers it once when it is back', { timeout: 20_000 }, async () => {
    receiver = await startHttpReceiver();
    const port = receiver.port;
    collector = await startOutputsCollector();
    const c = collector;
    expect((await call(c.url, '/api/v1/outputs', { token: c.adminToken, body: webhook(`${receiver.url}/hook`) })).status).toBe(201);
    await receiver.close();

    const agent = await enrollAgent(c);
    await report(c, agent, 'ip_kvm.usb_vendor_match', 'PiKVM');
    const failures = async () => (await call(c.url, '/api/v1/outputs/deliveries?ok=false', { token: c.adminToken })).body.total as number;
    const deadline = Date.now() + 10_000;
    while ((await failures()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await failures()).toBeGreaterThanOrEqual(2);
    const metrics = await (await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${c.adminToken}` } })).text();
    const failed = /^farmwatch_output_delivery_failures_total\{output="soar"\} (\d+)$/m.exec(metrics);
    expect(Number(failed?.[1])).toBeGreaterThanOrEqual(2);
    const pending = (await call(c.url, '/api/v1/outputs/soar', { token: c.adminToken })).body.pending;
    expect(pending).toMatchObject({ count: 1, lastError: expect.any(String) });

    receiver = await startHttpReceiver(port);
    await eventually(() => receiver!.requests.length === 1, 10_000);
    // Several more dispatcher passes: nothing is sent twice.
    await new Promise((r) => setTimeout(r, 400));
    expect(eventsOf(receiver).map((e) => [e.kind, e.type])).toEqual([['opened', 'ip_kvm']]);
    const delivered = await call(c.url, '/api/v1/outputs/deliveries?ok=true', { token: c.adminToken });
    expect(delivered.body.total).toBe(1);
    expect((await call(c.url, '/api/v1/outputs/soar', { token: c.adminToken })).body.pending).toEqual({ count: 0, oldestEnqueuedAt: null, nextAttemptAt: null, lastError: null });
  });

  it('sends test events, keeps masked secrets on update, audits changes and refuses other roles', { timeout: 20_000 }, async () => {
    receiver = await startHttpReceiver();
    collector = await startOutputsCollector();
    const c = collector;
    expect((await call(c.url, '/api/v1/outputs', { token: c.adminToken, body: { ...webhook(`${receiver.url}/hook`), secret: 'short' } })).body)
      .toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'secret' }] } });
    await call(c.url, '/api/v1/outputs', { token: c.adminToken, body: webhook(`${receiver.url}/hook`) });

    const shown = (await call(c.url, '/api/v1/outputs/soar', { token: c.adminToken })).body;
    const { createdAt: _c, updatedAt: _u, pending: _p, ...editable } = shown;
    const updated = await call(c.url, '/api/v1/outputs/soar', { method: 'PUT', token: c.adminToken, body: { ...editable, name: 'SOAR (prod)' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'SOAR (prod)', secret: '********' });

    const test = await call(c.url, '/api/v1/outputs/soar/test', { method: 'POST', token: c.adminToken });
    expect(test.body).toMatchObject({ ok: true, status: 200, error: null });
    const [request] = receiver.requests;
    expect(verifySignature(SECRET, String(request!.headers['x-farmwatch-signature']), request!.body)).toBe(true);
    expect(request!.headers['x-tenant']).toBe('acme');
    expect(eventsOf(receiver)[0]).toMatchObject({ signal: 'farmwatch.test', eventId: test.body.eventId });

    const viewer = (await call(c.url, '/api/v1/tokens', { token: c.adminToken, body: { role: 'viewer' } })).body.secret as string;
    expect((await call(c.url, '/api/v1/outputs', { token: viewer })).status).toBe(200);
    expect((await call(c.url, '/api/v1/outputs/soar', { method: 'DELETE', token: viewer })).status).toBe(403);
    expect((await call(c.url, '/api/v1/outputs/soar/test', { method: 'POST', token: viewer })).status).toBe(403);

    expect((await call(c.url, '/api/v1/outputs/soar', { method: 'DELETE', token: c.adminToken })).body).toEqual({ id: 'soar', discardedDeliveries: 0 });
    expect((await call(c.url, '/api/v1/outputs/soar', { token: c.adminToken })).status).toBe(404);
    const audit = await call(c.url, '/api/v1/audit?targetType=output', { token: c.adminToken });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['output.delete', 'output.update', 'output.create']);
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
  });
});
