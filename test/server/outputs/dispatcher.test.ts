// The dispatcher with real outputs and real receivers: filters, retries with backoff, order, and
// no event lost while a receiver is down.
import { afterEach, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../server/outputs/backoff.js';
import { Dispatcher } from '../../../server/outputs/dispatcher.js';
import { createMetrics } from '../../../server/outputs/metrics.js';
import { OutputConfig, type AlertEvent, type OutputConfigInput } from '../../../server/outputs/types.js';
import { CONTEXT, eventSeries, sampleEvent } from './fixtures.js';
import { MemoryDeliveryQueue } from './memory-queue.js';
import { eventually, startHttpReceiver, startTcpReceiver, type HttpReceiver } from './receivers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const configs = (...inputs: OutputConfigInput[]) => inputs.map((input) => OutputConfig.parse(input));
const hook = (url: string, extra: Partial<OutputConfigInput> = {}) =>
  ({ id: 'hook', name: 'Hook', type: 'webhook', url, secret: 'whsec-0123456789abcdef', ...extra }) as OutputConfigInput;

function dispatcher(queue: MemoryDeliveryQueue, outputs: OutputConfig[], extra: Partial<ConstructorParameters<typeof Dispatcher>[0]> = {}) {
  const created = new Dispatcher({ queue, context: CONTEXT, outputs, backoff: { baseMs: 20, capMs: 80 }, pollIntervalMs: 10, ...extra });
  cleanups.push(() => created.stop());
  return created;
}

/** Reserves a free port by listening once, then frees it: the receiver is "down" at a known address. */
async function downReceiverPort(): Promise<number> {
  const receiver = await startHttpReceiver();
  await receiver.close();
  return receiver.port;
}

const received = (receiver: HttpReceiver) => receiver.requests.map((request) => (JSON.parse(request.body) as AlertEvent).eventId);

describe('backoff', () => {
  it('grows exponentially, is capped, and keeps at least half of the delay', () => {
    const options = { baseMs: 1000, capMs: 60_000 };
    expect(retryDelayMs(1, options, () => 0)).toBe(500);
    expect(retryDelayMs(1, options, () => 1)).toBe(1000);
    expect(retryDelayMs(4, options, () => 1)).toBe(8000);
    expect(retryDelayMs(30, options, () => 1)).toBe(60_000);
    expect(retryDelayMs(30, options, () => 0)).toBe(30_000);
  });
});

describe('Dispatcher', () => {
  it('queues an event only for enabled outputs whose filter wants it', async () => {
    const queue = new MemoryDeliveryQueue();
    const url = 'http://127.0.0.1:9/';
    const d = dispatcher(queue, configs(
      hook(url, { id: 'all' }),
      hook(url, { id: 'kvm-only', filter: { types: ['ip_kvm'] } }),
      hook(url, { id: 'farms-only', filter: { types: ['farm_suspected'] } }),
      hook(url, { id: 'critical', filter: { minSeverity: 'critical' } }),
      hook(url, { id: 'high-up', filter: { minSeverity: 'high' } }),
      hook(url, { id: 'opened-only', filter: { kinds: ['opened'] } }),
      hook(url, { id: 'off', enabled: false }),
    ));
    const ids = async (event: AlertEvent) => (await d.publish(event)).map((delivery) => delivery.outputId).sort();
    expect(await ids(sampleEvent('opened'))).toEqual(['all', 'critical', 'high-up', 'kvm-only', 'opened-only']);
    expect(await ids(sampleEvent('updated', { severity: 'high', count: 4 }))).toEqual(['all', 'high-up', 'kvm-only']);
    expect(await ids(sampleEvent('updated', { severity: 'medium', type: 'policy_violation', count: 5 }))).toEqual(['all']);
  });

  it('delivers every event exactly once and in order after the receiver was down, logging each attempt', async () => {
    const queue = new MemoryDeliveryQueue();
    const port = await downReceiverPort();
    const metrics = createMetrics({ processMetrics: false });
    const d = dispatcher(queue, configs(hook(`http://127.0.0.1:${port}/fw`)), { metrics });
    const events = eventSeries(5);
    d.start();
    for (const event of events) await d.publish(event);

    // Down: attempts fail, nothing is dropped, and only the head of the line is tried.
    await eventually(() => queue.log.filter((entry) => !entry.ok).length >= 3);
    expect(queue.log.every((entry) => !entry.ok && entry.eventId === events[0]!.eventId)).toBe(true);
    expect(queue.log[0]).toMatchObject({ outputId: 'hook', attempt: 1, ok: false, status: null });
    expect(queue.log[0]!.error).toMatch(/ECONNREFUSED/);
    expect((await queue.pendingSummary())[0]).toMatchObject({ outputId: 'hook', pending: 5 });

    // Up again on the same address: everything arrives, once each, in order.
    const receiver = await startHttpReceiver(port);
    cleanups.push(() => receiver.close());
    await eventually(() => queue.log.filter((entry) => entry.ok).length === 5);
    // A little longer: a duplicate would show up now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received(receiver)).toEqual(events.map((event) => event.eventId));
    expect(await queue.pendingSummary()).toEqual([]);

    const delivered = queue.log.filter((entry) => entry.ok);
    expect(delivered.map((entry) => entry.eventId)).toEqual(events.map((event) => event.eventId));
    expect(delivered[0]!.attempt).toBeGreaterThan(1);
    expect(delivered.slice(1).every((entry) => entry.attempt === 1 && entry.status === 200)).toBe(true);
    const failures = queue.log.length - delivered.length;
    const metric = await metrics.registry.getSingleMetricAsString('farmwatch_output_delivery_failures_total');
    expect(metric).toContain(`farmwatch_output_delivery_failures_total{output="hook"} ${failures}`);
  });

  it('holds back the events behind a refused one until it is delivered, per output, while other outputs go on', async () => {
    const queue = new MemoryDeliveryQueue();
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    const syslog = await startTcpReceiver();
    cleanups.push(() => syslog.close());
    const events = eventSeries(4);
    let refusals = 3;
    receiver.respond = (request) => {
      const event = JSON.parse(request.body) as AlertEvent;
      if (event.eventId === events[1]!.eventId && refusals > 0) {
        refusals -= 1;
        return { status: 500, body: 'try later' };
      }
      return { status: 204 };
    };
    const d = dispatcher(queue, configs(
      hook(receiver.url),
      { id: 'siem', name: 'SIEM', type: 'syslog', transport: 'tcp', host: '127.0.0.1', port: syslog.port },
    ));
    for (const event of events) await d.publish(event);
    d.start();

    await eventually(() => syslog.messages.length === 4);
    await eventually(() => received(receiver).filter((id) => id !== events[1]!.eventId).length === 3);
    const ids = received(receiver);
    // The refused event was tried 4 times; nothing after it arrived before it did.
    expect(ids).toEqual([events[0]!.eventId, events[1]!.eventId, events[1]!.eventId, events[1]!.eventId, events[1]!.eventId,
      events[2]!.eventId, events[3]!.eventId]);
    const refusedLog = queue.log.filter((entry) => entry.outputId === 'hook' && !entry.ok);
    expect(refusedLog.map((entry) => [entry.attempt, entry.status, entry.error])).toEqual([
      [1, 500, 'HTTP 500: try later'], [2, 500, 'HTTP 500: try later'], [3, 500, 'HTTP 500: try later'],
    ]);
    expect(refusedLog.every((entry) => entry.nextAttemptAt !== null && entry.durationMs >= 0)).toBe(true);
    expect(syslog.messages.map((message) => message.match(/flexString1=(\S+)$/)?.[1])).toEqual(events.map((event) => event.eventId));
  });

  it('keeps a disabled output\'s deliveries pending and sends them once it is enabled again', async () => {
    const queue = new MemoryDeliveryQueue();
    const receiver = await startHttpReceiver();
    cleanups.push(() => receiver.close());
    const enabled = configs(hook(receiver.url));
    const d = dispatcher(queue, enabled);
    const events = eventSeries(2);
    for (const event of events) await d.publish(event);
    d.setOutputs(configs(hook(receiver.url, { enabled: false })));
    expect(await d.runOnce()).toEqual({ attempted: 0, delivered: 0, failed: 0 });
    expect(await d.publish(sampleEvent('resolved'))).toEqual([]);
    d.setOutputs(enabled);
    expect(await d.runOnce()).toEqual({ attempted: 2, delivered: 2, failed: 0 });
    expect(received(receiver)).toEqual(events.map((event) => event.eventId));
  });

  it('refuses two outputs with one id', () => {
    expect(() => dispatcher(new MemoryDeliveryQueue(), configs(hook('http://127.0.0.1:9/'), hook('http://127.0.0.1:9/')))).toThrow(/two outputs have the id hook/);
  });
});
