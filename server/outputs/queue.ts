// The durable delivery queue the dispatcher works from (an outbox). The collector implements it
// in its store (SQLite, PostgreSQL); every method is async and speaks ISO-8601 strings.
//
// Guarantees an implementation must give (test/server/outputs/delivery-queue-suite.ts checks them):
// - enqueue is idempotent on (outputId, event.eventId): a second call returns the first delivery;
// - a delivery stays pending until markDelivered: a failure only moves its nextAttemptAt;
// - nextDue never returns a delivery while an earlier pending delivery of the same output is not
//   yet due, so each output receives its events in enqueue order;
// - markDelivered / markFailed store the attempt in the delivery log in the same transaction.
import type { AlertEvent } from './types.js';

export interface QueuedDelivery {
  id: string;
  outputId: string;
  event: AlertEvent;
  /** Attempts made so far (0 before the first). */
  attempts: number;
  enqueuedAt: string;
  nextAttemptAt: string;
  lastError: string | null;
}

/** One attempt to deliver one event to one output: a line of the delivery log. */
export interface DeliveryAttempt {
  deliveryId: string;
  outputId: string;
  eventId: string;
  alertId: string;
  /** 1 for the first attempt. */
  attempt: number;
  ok: boolean;
  /** HTTP status when the receiver answered. */
  status: number | null;
  error: string | null;
  durationMs: number;
  at: string;
  /** Failed attempts only: when the next one is due. */
  nextAttemptAt: string | null;
}

export interface DeliveryLogQuery {
  limit: number;
  offset: number;
  outputId?: string;
  eventId?: string;
  alertId?: string;
  ok?: boolean;
}

export interface PendingSummary {
  outputId: string;
  pending: number;
  oldestEnqueuedAt: string;
  /** The head delivery's next attempt. */
  nextAttemptAt: string;
  lastError: string | null;
}

export interface DeliveryQueue {
  /** Adds a pending delivery due at `at`; returns the existing one for a known (outputId, eventId). */
  enqueue(outputId: string, event: AlertEvent, at: string): Promise<QueuedDelivery>;
  /**
   * Pending deliveries due at `now`, oldest enqueued first, at most `limit`, only of the given
   * outputs (all when absent), never past an earlier pending delivery of the same output that is
   * not due yet.
   */
  nextDue(now: string, limit: number, outputIds?: readonly string[]): Promise<QueuedDelivery[]>;
  /** Removes the delivery from the pending set and logs the attempt. */
  markDelivered(id: string, attempt: DeliveryAttempt): Promise<void>;
  /** Keeps the delivery pending, counts the attempt, sets its next attempt, logs it. */
  markFailed(id: string, attempt: DeliveryAttempt, nextAttemptAt: string): Promise<void>;
  /** Newest attempt first. */
  listAttempts(query: DeliveryLogQuery): Promise<{ items: DeliveryAttempt[]; total: number }>;
  /** One entry per output with pending deliveries. */
  pendingSummary(): Promise<PendingSummary[]>;
  /** Drops an output's pending deliveries when an administrator deletes the output; returns how many. */
  discardOutput(outputId: string): Promise<number>;
}
