// Runs the alert dispatcher on the job leader only: every few seconds it checks leadership,
// starting the dispatcher when this collector leads and stopping it when it no longer does
// (SQLite: always the leader). While leading it reloads the outputs from the store when told of
// a change (and every check, in case a notice was missed) and wakes the dispatcher when
// deliveries are queued.
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import pkg from '../../package.json' with { type: 'json' };
import type { OutputStore } from '../store/output-store.js';
import type { BackoffOptions } from './backoff.js';
import { withConsoleLinks } from './console-links.js';
import { Dispatcher } from './dispatcher.js';
import type { FormatContext } from './format/context.js';
import type { FarmWatchMetrics } from './metrics.js';

export interface OutputServiceOptions {
  store: OutputStore;
  leading: () => boolean;
  logger: FastifyBaseLogger;
  metrics?: FarmWatchMetrics;
  backoff?: BackoffOptions;
  /** The dispatcher's look for due retries. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How often leadership is checked and outputs reloaded. Default 5000 ms. */
  checkIntervalMs?: number;
  /** Delivered deliveries and log entries older than this are deleted (hourly, by the leader); absent: kept. */
  retentionDays?: number;
  /** The collector's public URL, for the events' console links; absent: no links. */
  consoleBaseUrl?: string;
}

const PRUNE_EVERY_MS = 3_600_000;

export function collectorFormatContext(): FormatContext {
  return { productVersion: pkg.version, hostname: os.hostname(), procId: String(process.pid) };
}

export class OutputService {
  readonly context = collectorFormatContext();
  #dispatcher: Dispatcher | undefined;
  #unwatch: (() => Promise<void>) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;
  #stopped = true;
  #prunedAt = 0;

  constructor(private readonly options: OutputServiceOptions) {}

  /** Whether this collector's dispatcher runs. */
  get dispatching(): boolean {
    return this.#dispatcher !== undefined;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = () => {
      void this.check().finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(loop, this.options.checkIntervalMs ?? 5_000).unref();
      });
    };
    loop();
  }

  /** Starts or stops the dispatcher to follow leadership, and reloads the outputs. Checks never overlap. */
  check(): Promise<void> {
    this.#checking ??= this.#check()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'alert outputs check failed'))
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  async #check(): Promise<void> {
    const leading = !this.#stopped && this.options.leading();
    if (leading && !this.#dispatcher) await this.#startDispatcher();
    else if (!leading && this.#dispatcher) await this.#stopDispatcher();
    else if (this.#dispatcher) await this.#reload(this.#dispatcher);
    if (this.#dispatcher) await this.#prune();
  }

  async #prune(): Promise<void> {
    const { retentionDays, store, logger } = this.options;
    if (retentionDays === undefined || Date.now() - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = Date.now();
    const pruned = await store.pruneDeliveries(new Date(Date.now() - retentionDays * 86_400_000).toISOString());
    if (pruned.deliveries || pruned.attempts) logger.info(pruned, 'old alert deliveries and delivery log entries deleted');
  }

  async #reload(dispatcher: Dispatcher): Promise<void> {
    dispatcher.setOutputs((await this.options.store.listOutputs()).map((output) => output.config));
  }

  async #startDispatcher(): Promise<void> {
    const { store, logger, metrics, backoff, pollIntervalMs } = this.options;
    const queue = withConsoleLinks(store, this.options.consoleBaseUrl);
    const dispatcher = new Dispatcher({ queue, context: this.context, backoff, pollIntervalMs, metrics, logger });
    await this.#reload(dispatcher);
    this.#unwatch = await store.watchOutputs((change) => {
      if (this.#dispatcher !== dispatcher) return;
      if (change === 'outputs') {
        this.#reload(dispatcher).then(() => dispatcher.wake(), (error: unknown) => logger.error({ err: error }, 'reloading alert outputs failed'));
      } else dispatcher.wake();
    });
    this.#dispatcher = dispatcher;
    dispatcher.start();
    logger.info({ outputs: dispatcher.configs().length }, 'alert dispatcher started (this collector leads)');
  }

  async #stopDispatcher(): Promise<void> {
    const dispatcher = this.#dispatcher;
    if (!dispatcher) return;
    this.#dispatcher = undefined;
    await this.#unwatch?.();
    this.#unwatch = undefined;
    await dispatcher.stop();
    this.options.logger.info('alert dispatcher stopped');
  }

  /** Stops checking and the dispatcher, waiting for the delivery in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#checking;
    await this.#stopDispatcher();
  }
}
