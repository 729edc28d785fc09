// Every output against a real local receiver: what arrives on the wire, exactly.
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { alertSyslogMessage, octetCounted } from '../../../server/outputs/format/syslog.js';
import { verifySignature } from '../../../server/outputs/format/webhook.js';
import { createOutput, type Output } from '../../../server/outputs/output.js';
import { OutputConfig, type OutputConfigInput } from '../../../server/outputs/types.js';
import { CONTEXT, sampleEvent } from './fixtures.js';
import {
  eventually, makeCertificate, startHttpReceiver, startTcpReceiver, startTlsReceiver, startUdpReceiver,
} from './receivers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function output(config: OutputConfigInput): Output {
  const created = createOutput(OutputConfig.parse(config), CONTEXT);
  cleanups.push(() => created.close());
  return created;
}

async function http() {
  const receiver = await startHttpReceiver();
  cleanups.push(() => receiver.close());
  return receiver;
}

describe('HTTP outputs', () => {
  it('webhook: posts the event as JSON with a signature the receiver can verify', async () => {
    const receiver = await http();
    const event = sampleEvent();
    const hook = output({ id: 'hook', name: 'Hook', type: 'webhook', url: `${receiver.url}/fw?x=1`, secret: 'whsec-0123456789abcdef', headers: { 'X-Team': 'soc' } });
    expect(await hook.deliver(event)).toEqual({ ok: true, status: 200 });
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/fw?x=1' });
    expect(request!.body).toBe(JSON.stringify(event));
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-team']).toBe('soc');
    expect(request!.headers['x-farmwatch-event-id']).toBe(event.eventId);
    expect(verifySignature('whsec-0123456789abcdef', String(request!.headers['x-farmwatch-signature']), request!.body)).toBe(true);
  });

  it('webhook: a non-2xx answer is a failure with its status and the start of the body', async () => {
    const receiver = await http();
    receiver.respond = () => ({ status: 503, body: 'maintenance' });
    const hook = output({ id: 'hook', name: 'Hook', type: 'webhook', url: receiver.url, secret: 'whsec-0123456789abcdef' });
    expect(await hook.deliver(sampleEvent())).toEqual({ ok: false, status: 503, error: 'HTTP 503: maintenance' });
  });

  it('webhook: a receiver that is down or too slow is a failure, not an exception', async () => {
    const receiver = await http();
    await receiver.close();
    const down = output({ id: 'hook', name: 'Hook', type: 'webhook', url: receiver.url, secret: 'whsec-0123456789abcdef' });
    const result = await down.deliver(sampleEvent());
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);

    // A receiver that never answers: the request hangs until the output's timeout.
    const hang = createServer(() => undefined);
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => { hang.closeAllConnections(); hang.close(); });
    const port = (hang.address() as { port: number }).port;
    const timed = output({ id: 'slow', name: 'Slow', type: 'webhook', url: `http://127.0.0.1:${port}`, secret: 'whsec-0123456789abcdef', timeoutMs: 200 });
    expect(await timed.deliver(sampleEvent())).toEqual({ ok: false, error: 'timed out' });
  });

  it('Slack and Teams: post their JSON payloads to the webhook URL', async () => {
    const receiver = await http();
    const event = sampleEvent();
    expect((await output({ id: 'slack', name: 'Slack', type: 'slack', webhookUrl: `${receiver.url}/services/T/B/X` }).deliver(event)).ok).toBe(true);
    receiver.respond = () => ({ status: 202 });
    expect((await output({ id: 'teams', name: 'Teams', type: 'teams', webhookUrl: `${receiver.url}/workflows/abc` }).deliver(event)).ok).toBe(true);
    const [slack, teams] = receiver.requests;
    expect(slack!.url).toBe('/services/T/B/X');
    expect(JSON.parse(slack!.body)).toMatchObject({ attachments: [{ color: '#b71c1c' }] });
    expect(teams!.url).toBe('/workflows/abc');
    expect(JSON.parse(teams!.body)).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }] });
  });

  it('Splunk HEC: Authorization: Splunk <token>, the event envelope, and HEC codes judged', async () => {
    const receiver = await http();
    receiver.respond = () => ({ status: 200, body: '{"text":"Success","code":0}' });
    const event = sampleEvent();
    const hec = output({ id: 'splunk', name: 'Splunk', type: 'splunk_hec', url: `${receiver.url}/services/collector/event`, token: 'b1a2c3d4-token', index: 'farmwatch' });
    expect(await hec.deliver(event)).toEqual({ ok: true, status: 200 });
    const [request] = receiver.requests;
    expect(request!.url).toBe('/services/collector/event');
    expect(request!.headers.authorization).toBe('Splunk b1a2c3d4-token');
    expect(JSON.parse(request!.body)).toEqual({
      time: Date.parse(event.occurredAt) / 1000, host: 'collector-1', source: 'farmwatch', sourcetype: 'farmwatch:alert', index: 'farmwatch', event,
    });
    receiver.respond = () => ({ status: 400, body: '{"text":"Incorrect index","code":7,"invalid-event-number":0}' });
    expect(await hec.deliver(event)).toEqual({ ok: false, status: 400, error: 'HTTP 400, HEC code 7: Incorrect index' });
  });
});

describe('syslog outputs', () => {
  const event = sampleEvent();
  const message = alertSyslogMessage(event, { facility: 'local0', appName: 'farmwatch' }, CONTEXT);

  it('UDP: one datagram per message, no framing', async () => {
    const receiver = await startUdpReceiver();
    cleanups.push(() => receiver.close());
    const udp = output({ id: 'udp', name: 'UDP', type: 'syslog', transport: 'udp', host: '127.0.0.1', port: receiver.port });
    expect(await udp.deliver(event)).toEqual({ ok: true });
    expect(await udp.deliver(sampleEvent('resolved', { status: 'resolved', resolution: 'true_positive', resolvedAt: '2026-11-22T08:00:00.000Z' }))).toEqual({ ok: true });
    await eventually(() => receiver.datagrams.length === 2);
    expect(receiver.datagrams[0]).toBe(message);
    expect(receiver.datagrams[1]).toMatch(/^<130>1 2026-11-22T08:00:00\.000Z collector-1 farmwatch 4242 alert-resolved /);
  });

  it('TCP: octet-counted frames on one persistent connection, reconnecting after the receiver restarts', async () => {
    const receiver = await startTcpReceiver();
    const tcp = output({ id: 'tcp', name: 'TCP', type: 'syslog', transport: 'tcp', host: '127.0.0.1', port: receiver.port });
    expect(await tcp.deliver(event)).toEqual({ ok: true });
    expect(await tcp.deliver(event)).toEqual({ ok: true });
    await eventually(() => receiver.messages.length === 2);
    const frame = octetCounted(message);
    expect(receiver.raw().equals(Buffer.concat([frame, frame]))).toBe(true);
    expect(receiver.raw().toString('utf8').startsWith(`${Buffer.byteLength(message)} <130>1 `)).toBe(true);
    expect(receiver.connections).toBe(1);

    const port = receiver.port;
    await receiver.close();
    const down = await tcp.deliver(event);
    expect(down.ok).toBe(false);
    const again = await startTcpReceiver(port);
    cleanups.push(() => again.close());
    expect(await tcp.deliver(event)).toEqual({ ok: true });
    await eventually(() => again.messages.length === 1);
    expect(again.messages[0]).toBe(message);
  });

  it('TLS: octet-counted frames to a receiver whose certificate chains to the configured CA', async (context) => {
    const certificate = await makeCertificate();
    if (!certificate) {
      if (process.env.CI) throw new Error('openssl is required in CI to make the test certificate');
      console.warn('skipping the TLS syslog test: openssl is not installed, so no test certificate can be made');
      context.skip();
      return;
    }
    const receiver = await startTlsReceiver(certificate);
    cleanups.push(() => receiver.close());
    const trusted = output({ id: 'tls', name: 'TLS', type: 'syslog', transport: 'tls', host: '127.0.0.1', port: receiver.port, ca: certificate.cert });
    expect(await trusted.deliver(event)).toEqual({ ok: true });
    await eventually(() => receiver.messages.length === 1);
    expect(receiver.raw().equals(octetCounted(message))).toBe(true);

    const untrusted = output({ id: 'tls2', name: 'TLS untrusted', type: 'syslog', transport: 'tls', host: '127.0.0.1', port: receiver.port });
    const refused = await untrusted.deliver(event);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/self[- ]signed/i);
    expect(receiver.messages).toHaveLength(1);
  });
});
