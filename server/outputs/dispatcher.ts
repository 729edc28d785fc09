// Delivers queued alert events to their outputs. publish() enqueues an event for every enabled
// output whose filter wants it; a loop takes due deliveries from the queue and sends them, each
// output's in order. A failed delivery stays pending and is retried with backoff, however long the
// output is down, and everything behind it waits, so nothing is lost or reordered. Every attempt
// goes to the delivery log. Run one dispatcher per install (the leader, with several collectors).
import type { Logger } from 'pino';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import type { FormatContext } from './format/context.js';
import type { FarmWatchMetrics } from './metrics.js';
import { createOutput, type Output } from './output.js';
import type { DeliveryAttempt, DeliveryQueue, QueuedDelivery } from './queue.js';
import { outputsFor, type AlertEvent, type OutputConfig } from './types.js';

export interface DispatcherOptions {
  queue: DeliveryQueue;
  context: FormatContext;
  outputs?: readonly OutputConfig[];
  backoff?: BackoffOptions;
  /** Deliveries taken from the queue per pass. Default 100. */
  batchSize?: number;
  /** How often the loop looks for due retries. Default 1000 ms; publish() wakes it at once. */
  pollIntervalMs?: number;
  metrics?: Pick<FarmWatchMetrics, 'outputDeliveryFailures'>;
  logger?: Pick<Logger, 'warn' | 'error' | 'debug'>;
  now?: () => Date;
  random?: () => number;
}

export interface PassResult {
  attempted: number;
  delivered: number;
  failed: number;
}

export class Dispatcher {
  private readonly queue: DeliveryQueue;
  private readonly context: FormatContext;
  private readonly backoff: BackoffOptions;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly options: DispatcherOptions;
  private outputs = new Map<string, { key: string; output: Output }>();
  private running: Promise<PassResult> | null = null;
  private rerun = false;
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.queue = options.queue;
    this.context = options.context;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.setOutputs(options.outputs ?? []);
  }

  /** The configured outputs, enabled or not. */
  configs(): OutputConfig[] {
    return [...this.outputs.values()].map(({ output }) => output.config);
  }

  /**
   * Replaces the configured outputs. Unchanged outputs keep their connections; a disabled output
   * keeps its pending deliveries, which resume when it is enabled again.
   */
  setOutputs(configs: readonly OutputConfig[]): void {
    const next = new Map<string, { key: string; output: Output }>();
    for (const config of configs) {
      if (next.has(config.id)) throw new Error(`two outputs have the id ${config.id}`);
      const key = JSON.stringify(config);
      const current = this.outputs.get(config.id);
      next.set(config.id, current?.key === key ? current : { key, output: createOutput(config, this.context, this.now) });
    }
    for (const [id, current] of this.outputs) if (next.get(id) !== current) current.output.close();
    this.outputs = next;
  }

  /**
   * Queues the event for every enabled output that wants it, and wakes the loop. When the event
   * comes from a store transaction, the store may instead enqueue in that transaction (with
   * `outputsFor`) and call wake().
   */
  async publish(event: AlertEvent): Promise<QueuedDelivery[]> {
    const at = this.now().toISOString();
    const queued: QueuedDelivery[] = [];
    for (const config of outputsFor(this.configs(), event)) queued.push(await this.queue.enqueue(config.id, event, at));
    if (queued.length) this.wake();
    return queued;
  }

  /** One pass over due deliveries. Concurrent calls share the pass in progress and one more after it. */
  runOnce(): Promise<PassResult> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.rerun) {
        this.rerun = false;
        this.wake();
      }
    });
    return this.running;
  }

  private async pass(): Promise<PassResult> {
    const enabled = this.configs().filter((config) => config.enabled).map((config) => config.id);
    const result: PassResult = { attempted: 0, delivered: 0, failed: 0 };
    if (!enabled.length) return result;
    const due = await this.queue.nextDue(this.now().toISOString(), this.batchSize, enabled);
    const byOutput = new Map<string, QueuedDelivery[]>();
    for (const delivery of due) byOutput.set(delivery.outputId, [...(byOutput.get(delivery.outputId) ?? []), delivery]);
    // Outputs proceed in parallel; within one output, strictly one after the other.
    await Promise.all([...byOutput].map(async ([outputId, deliveries]) => {
      const entry = this.outputs.get(outputId);
      if (!entry) return;
      for (const delivery of deliveries) {
        result.attempted += 1;
        const ok = await this.attempt(entry.output, delivery);
        if (ok) result.delivered += 1;
        else {
          result.failed += 1;
          // Everything behind a failed delivery waits for its retry, keeping the order.
          break;
        }
      }
    }));
    return result;
  }

  private async attempt(output: Output, delivery: QueuedDelivery): Promise<boolean> {
    const startedAt = this.now();
    const started = performance.now();
    const outcome = await output.deliver(delivery.event);
    const durationMs = Math.round(performance.now() - started);
    const attempt = delivery.attempts + 1;
    const entry: DeliveryAttempt = {
      deliveryId: delivery.id,
      outputId: delivery.outputId,
      eventId: delivery.event.eventId,
      alertId: delivery.event.alertId,
      attempt,
      ok: outcome.ok,
      status: outcome.status ?? null,
      error: outcome.ok ? null : (outcome.error ?? 'delivery failed'),
      durationMs,
      at: startedAt.toISOString(),
      nextAttemptAt: null,
    };
    if (outcome.ok) {
      await this.queue.markDelivered(delivery.id, entry);
      return true;
    }
    const nextAttemptAt = new Date(this.now().getTime() + retryDelayMs(attempt, this.backoff, this.random)).toISOString();
    entry.nextAttemptAt = nextAttemptAt;
    await this.queue.markFailed(delivery.id, entry, nextAttemptAt);
    this.options.metrics?.outputDeliveryFailures.inc({ output: delivery.outputId });
    this.options.logger?.warn({ output: delivery.outputId, eventId: entry.eventId, attempt, status: entry.status, error: entry.error, nextAttemptAt },
      'alert delivery failed; will retry');
    return false;
  }

  /** Starts the loop: a pass now, then every pollIntervalMs (and at once after publish()). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
  }

  /** Asks for a pass as soon as possible (no-op before start()). */
  wake(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.loop(), 0);
  }

  private loop(): void {
    this.timer = null;
    this.runOnce()
      .catch((error: unknown) => this.options.logger?.error({ err: error }, 'alert delivery pass failed'))
      .finally(() => {
        if (this.started && !this.timer) this.timer = setTimeout(() => this.loop(), this.pollIntervalMs);
      });
  }

  /** Stops the loop, waits for the pass in progress, and closes every output's connections. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    for (const { output } of this.outputs.values()) output.close();
    this.outputs.clear();
  }
}
