// The DeliveryQueue contract (server/outputs/queue.ts) as a reusable suite: run it against every
// implementation, e.g. `deliveryQueueSuite('sqlite', async () => ({ queue, close }))`.
import { describe, expect, it } from 'vitest';
import type { DeliveryAttempt, DeliveryQueue, QueuedDelivery } from '../../../server/outputs/queue.js';
import { eventSeries } from './fixtures.js';

export interface QueueUnderTest {
  queue: DeliveryQueue;
  close(): Promise<void>;
}

const T0 = '2026-11-22T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function attemptOf(delivery: QueuedDelivery, ok: boolean, when: string, nextAttemptAt: string | null = null): DeliveryAttempt {
  return {
    deliveryId: delivery.id, outputId: delivery.outputId, eventId: delivery.event.eventId, alertId: delivery.event.alertId,
    attempt: delivery.attempts + 1, ok, status: ok ? 200 : 503, error: ok ? null : 'HTTP 503', durationMs: 5, at: when, nextAttemptAt,
  };
}

export function deliveryQueueSuite(name: string, open: () => Promise<QueueUnderTest>): void {
  const withQueue = (test: (queue: DeliveryQueue) => Promise<void>) => async () => {
    const { queue, close } = await open();
    try {
      await test(queue);
    } finally {
      await close();
    }
  };

  describe(`DeliveryQueue contract: ${name}`, () => {
    it('hands out due deliveries in enqueue order and keeps the event intact', withQueue(async (queue) => {
      const events = eventSeries(3);
      for (const event of events) await queue.enqueue('hook', event, T0);
      const due = await queue.nextDue(T0, 10);
      expect(due.map((d) => d.event)).toEqual(events);
      expect(due.every((d) => d.attempts === 0 && d.outputId === 'hook' && d.nextAttemptAt === T0)).toBe(true);
    }));

    it('is idempotent on (output, event id)', withQueue(async (queue) => {
      const [event] = eventSeries(1);
      const first = await queue.enqueue('hook', event!, T0);
      const again = await queue.enqueue('hook', event!, at(5));
      const other = await queue.enqueue('siem', event!, T0);
      expect(again.id).toBe(first.id);
      expect(other.id).not.toBe(first.id);
      expect(await queue.nextDue(at(10), 10)).toHaveLength(2);
    }));

    it('keeps a failed delivery pending and blocks the deliveries behind it until its retry is due', withQueue(async (queue) => {
      const events = eventSeries(3);
      for (const event of events) await queue.enqueue('hook', event, T0);
      await queue.enqueue('other', events[0]!, T0);
      const [head] = await queue.nextDue(T0, 1, ['hook']);
      await queue.markFailed(head!.id, attemptOf(head!, false, T0, at(30)), at(30));

      expect((await queue.nextDue(at(10), 10)).map((d) => d.outputId)).toEqual(['other']);
      const retry = await queue.nextDue(at(30), 10, ['hook']);
      expect(retry.map((d) => d.event.eventId)).toEqual(events.map((e) => e.eventId));
      expect(retry[0]).toMatchObject({ attempts: 1, lastError: 'HTTP 503', nextAttemptAt: at(30) });
    }));

    it('removes delivered deliveries and logs every attempt, newest first', withQueue(async (queue) => {
      const [event] = eventSeries(1);
      const delivery = await queue.enqueue('hook', event!, T0);
      await queue.markFailed(delivery.id, attemptOf(delivery, false, T0, at(1)), at(1));
      const [again] = await queue.nextDue(at(1), 10);
      await queue.markDelivered(again!.id, attemptOf(again!, true, at(1)));
      expect(await queue.nextDue(at(100), 10)).toEqual([]);
      expect(await queue.pendingSummary()).toEqual([]);
      const log = await queue.listAttempts({ limit: 10, offset: 0, outputId: 'hook' });
      expect(log.total).toBe(2);
      expect(log.items.map((entry) => [entry.attempt, entry.ok])).toEqual([[2, true], [1, false]]);
      expect((await queue.listAttempts({ limit: 10, offset: 0, ok: false })).items).toHaveLength(1);
    }));

    it('only returns the outputs asked for, honours the limit, summarises and discards pending deliveries', withQueue(async (queue) => {
      const events = eventSeries(4);
      for (const event of events) await queue.enqueue('hook', event, T0);
      await queue.enqueue('siem', events[0]!, at(1));
      expect(await queue.nextDue(at(2), 2)).toHaveLength(2);
      expect((await queue.nextDue(at(2), 10, ['siem'])).map((d) => d.outputId)).toEqual(['siem']);
      const summary = await queue.pendingSummary();
      expect(summary.find((s) => s.outputId === 'hook')).toMatchObject({ pending: 4, oldestEnqueuedAt: T0 });
      expect(await queue.discardOutput('hook')).toBe(4);
      expect((await queue.nextDue(at(2), 10)).map((d) => d.outputId)).toEqual(['siem']);
    }));
  });
}
