// Events are queued without a console link (the store does not know the collector's public URL);
// the dispatcher adds it as it takes them from the queue. The event id does not change.
import { consoleUrlOf } from './event.js';
import type { DeliveryQueue } from './queue.js';

export function withConsoleLinks(queue: DeliveryQueue, baseUrl: string | undefined): DeliveryQueue {
  if (!baseUrl) return queue;
  return {
    enqueue: (...args) => queue.enqueue(...args),
    async nextDue(...args) {
      return (await queue.nextDue(...args)).map((delivery) => (delivery.event.consoleUrl !== null ? delivery
        : { ...delivery, event: { ...delivery.event, consoleUrl: consoleUrlOf(baseUrl, delivery.event.alertId) } }));
    },
    markDelivered: (...args) => queue.markDelivered(...args),
    markFailed: (...args) => queue.markFailed(...args),
    listAttempts: (...args) => queue.listAttempts(...args),
    pendingSummary: () => queue.pendingSummary(),
    discardOutput: (...args) => queue.discardOutput(...args),
  };
}
