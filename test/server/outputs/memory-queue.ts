// An in-memory DeliveryQueue for the dispatcher's tests. The collector uses a durable one from its
// store; both must pass delivery-queue-suite.ts.
import { randomUUID } from 'node:crypto';
import type {
  DeliveryAttempt, DeliveryLogQuery, DeliveryQueue, PendingSummary, QueuedDelivery,
} from '../../../server/outputs/queue.js';
import type { AlertEvent } from '../../../server/outputs/types.js';

interface Row extends QueuedDelivery {
  seq: number;
  delivered: boolean;
}

export class MemoryDeliveryQueue implements DeliveryQueue {
  private rows: Row[] = [];
  private seq = 0;
  readonly log: DeliveryAttempt[] = [];

  private copy(row: Row): QueuedDelivery {
    const { seq: _seq, delivered: _delivered, ...delivery } = row;
    return structuredClone(delivery);
  }

  async enqueue(outputId: string, event: AlertEvent, at: string): Promise<QueuedDelivery> {
    const existing = this.rows.find((row) => row.outputId === outputId && row.event.eventId === event.eventId);
    if (existing) return this.copy(existing);
    const row: Row = {
      id: randomUUID(), outputId, event: structuredClone(event), attempts: 0, enqueuedAt: at, nextAttemptAt: at, lastError: null,
      seq: ++this.seq, delivered: false,
    };
    this.rows.push(row);
    return this.copy(row);
  }

  async nextDue(now: string, limit: number, outputIds?: readonly string[]): Promise<QueuedDelivery[]> {
    const blocked = new Set<string>();
    const due: QueuedDelivery[] = [];
    for (const row of this.rows) {
      if (row.delivered || (outputIds && !outputIds.includes(row.outputId)) || blocked.has(row.outputId)) continue;
      if (Date.parse(row.nextAttemptAt) > Date.parse(now)) {
        blocked.add(row.outputId);
        continue;
      }
      if (due.length < limit) due.push(this.copy(row));
    }
    return due;
  }

  private pending(id: string): Row {
    const row = this.rows.find((candidate) => candidate.id === id && !candidate.delivered);
    if (!row) throw new Error(`no pending delivery ${id}`);
    return row;
  }

  async markDelivered(id: string, attempt: DeliveryAttempt): Promise<void> {
    const row = this.pending(id);
    row.delivered = true;
    row.attempts = attempt.attempt;
    this.log.push(structuredClone(attempt));
  }

  async markFailed(id: string, attempt: DeliveryAttempt, nextAttemptAt: string): Promise<void> {
    const row = this.pending(id);
    row.attempts = attempt.attempt;
    row.nextAttemptAt = nextAttemptAt;
    row.lastError = attempt.error;
    this.log.push(structuredClone(attempt));
  }

  async listAttempts(query: DeliveryLogQuery): Promise<{ items: DeliveryAttempt[]; total: number }> {
    const matching = [...this.log].reverse().filter((entry) =>
      (query.outputId === undefined || entry.outputId === query.outputId)
      && (query.eventId === undefined || entry.eventId === query.eventId)
      && (query.alertId === undefined || entry.alertId === query.alertId)
      && (query.ok === undefined || entry.ok === query.ok));
    return { items: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
  }

  async pendingSummary(): Promise<PendingSummary[]> {
    const byOutput = new Map<string, PendingSummary>();
    for (const row of this.rows) {
      if (row.delivered) continue;
      const summary = byOutput.get(row.outputId);
      if (summary) summary.pending += 1;
      else byOutput.set(row.outputId, { outputId: row.outputId, pending: 1, oldestEnqueuedAt: row.enqueuedAt, nextAttemptAt: row.nextAttemptAt, lastError: row.lastError });
    }
    return [...byOutput.values()];
  }

  async discardOutput(outputId: string): Promise<number> {
    const before = this.rows.length;
    this.rows = this.rows.filter((row) => row.delivered || row.outputId !== outputId);
    return before - this.rows.length;
  }
}
