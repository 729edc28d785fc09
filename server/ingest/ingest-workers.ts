// The HTTP thread's side of ingest: hands each report body to an ingest worker thread
// (./worker.ts) and answers with the worker's reply. A worker that dies fails its reports with
// 503, so agents keep them and send them again, and is started anew; more reports in flight than
// a worker can take are refused with 503 as well (load shedding) instead of queueing without bound.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { ApiError } from '../errors.js';
import type { Office } from '../offices/office.js';
import type { AlertChangeNotice } from '../outputs/alert-changes.js';
import type { CorrelationFacts } from '../store/correlation-store.js';
import type { IngestReply, IngestRequest } from './ingest-service.js';
import type { FromWorker, IngestWorkerData, ToWorker } from './messages.js';

export interface IngestWorkersOptions {
  workerData: IngestWorkerData;
  /** Threads to start. */
  workers: number;
  /** Request bytes one worker may hold (waiting for a batch, being stored) before new reports get 503. */
  maxQueueBytes: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  onStored(facts: CorrelationFacts[], offices: Office[]): void;
  /** Alert changes the workers' stores made. */
  onAlertChanges(notices: AlertChangeNotice[]): void;
  /** The worker script; default: server/ingest/worker.ts (its bundled entry when built). */
  workerUrl?: URL;
}

/**
 * Run from source (tsx, vitest), the worker is TypeScript, and tsx is registered in the thread
 * first. Bundled (scripts/build.ts), it is an entry beside the collector's; code split off into
 * chunks/ sits one level down.
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./worker.ts', import.meta.url)
  : new URL(`${import.meta.url.includes('/chunks/') ? '../' : './'}farmwatch-ingest-worker.mjs`, import.meta.url);
const RESTART_DELAY_MS = 1_000;

/** The body's memory, moved instead of copied when the body owns all of it (not a slice of Node's shared buffer pool). */
const transferable = ({ buffer, byteOffset, byteLength }: Uint8Array): ArrayBuffer[] =>
  buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength ? [buffer] : [];

const unavailable = (message: string): IngestReply => {
  const error = new ApiError('UNAVAILABLE', message);
  return { ok: false, status: error.statusCode, body: error.toBody() };
};

interface Slot {
  worker: Worker | undefined;
  /** Reports to post in the next message (one per turn of the event loop). */
  outbox: { id: number; request: IngestRequest }[];
  ready: Promise<void> | undefined;
  /** `ready` has resolved: reports are posted at once. */
  started: boolean;
  pending: Map<number, { bytes: number; resolve(reply: IngestReply): void }>;
  /** Request bytes of `pending`. */
  bytes: number;
}

export class IngestWorkers {
  readonly #slots: Slot[];
  #nextId = 0;
  #turn = 0;
  #closed = false;

  constructor(private readonly options: IngestWorkersOptions) {
    this.#slots = Array.from({ length: Math.max(1, options.workers) }, () => ({ worker: undefined, outbox: [], ready: undefined, started: false, pending: new Map(), bytes: 0 }));
  }

  /** Starts every worker; rejects when one cannot open the store. */
  async start(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => this.#spawn(slot)));
  }

  /** Reports handed to workers and not answered yet. */
  get inFlight(): number {
    return this.#slots.reduce((n, s) => n + s.pending.size, 0);
  }

  async submit(request: IngestRequest): Promise<IngestReply> {
    if (this.#closed) return unavailable('The collector is shutting down; retry later.');
    const slot = this.#pick();
    if (!slot?.worker) return unavailable('The collector\'s ingest is restarting; retry later.');
    const bytes = request.body.byteLength;
    if (slot.bytes + bytes > this.options.maxQueueBytes && slot.pending.size > 0) {
      return unavailable('The collector is receiving more reports than it can store; retry later.');
    }
    // Counted before any wait, so a burst sees its own bytes.
    const id = this.#nextId++;
    const answer = new Promise<IngestReply>((resolve) => slot.pending.set(id, { bytes, resolve }));
    slot.bytes += bytes;
    const worker = slot.worker;
    if (!slot.started) await slot.ready?.catch(() => undefined);
    // A worker that died meanwhile has answered it already.
    if (slot.pending.has(id) && slot.worker === worker) this.#post(slot, { id, request });
    return answer;
  }

  /** Refuses new reports, lets the workers finish what they hold, then stops them. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map(async (slot) => {
      // Reports accepted before now (also while the worker was starting) leave in a message this
      // turn of the event loop: the close goes after it.
      await slot.ready?.catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      const worker = slot.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies ToWorker);
      await exited;
    }));
  }

  /**
   * Queues a report for the slot's worker. Reports of one turn of the event loop leave in one
   * message: each message wakes the worker thread, which cost as much as the report's whole hand-over.
   */
  #post(slot: Slot, report: { id: number; request: IngestRequest }): void {
    if (!slot.outbox.length) {
      setImmediate(() => {
        const reports = slot.outbox;
        slot.outbox = [];
        // Reports of a worker that died meanwhile were answered with 503 already.
        const live = reports.filter((r) => slot.pending.has(r.id));
        if (live.length && slot.worker) {
          slot.worker.postMessage({ type: 'reports', reports: live } satisfies ToWorker, live.flatMap((r) => transferable(r.request.body)));
        }
      });
    }
    slot.outbox.push(report);
  }

  /** The running worker holding the fewest request bytes (ties: in turn). */
  #pick(): Slot | undefined {
    let best: Slot | undefined;
    for (let i = 0; i < this.#slots.length; i++) {
      const slot = this.#slots[(this.#turn + i) % this.#slots.length]!;
      if (slot.worker && (!best || slot.bytes < best.bytes)) best = slot;
    }
    this.#turn++;
    return best;
  }

  #spawn(slot: Slot): Promise<void> {
    const url = this.options.workerUrl ?? WORKER_URL;
    const worker = url.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`,
        { eval: true, workerData: this.options.workerData })
      : new Worker(url, { workerData: this.options.workerData });
    slot.worker = worker;
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          slot.started = true;
          resolve();
        } else if (message.type === 'replies') {
          for (const { id, reply } of message.replies) this.#answer(slot, id, reply);
        } else if (message.type === 'stored') {
          this.options.onStored(message.facts, message.offices);
        } else {
          this.options.onAlertChanges(message.notices);
        }
      });
      worker.once('error', (error) => {
        reject(error);
        this.options.logger.error({ err: error }, 'ingest worker failed');
      });
      worker.once('exit', (code) => {
        reject(new Error(`ingest worker exited with code ${code} before it was ready`));
        this.#exited(slot, worker, code);
      });
    });
    return slot.ready;
  }

  #answer(slot: Slot, id: number, reply: IngestReply): void {
    const pending = slot.pending.get(id);
    if (!pending) return;
    slot.pending.delete(id);
    slot.bytes -= pending.bytes;
    pending.resolve(reply);
  }

  #exited(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    slot.started = false;
    // Whatever it held was not (known to be) stored: the agents keep those reports and resend them.
    for (const [id] of slot.pending) this.#answer(slot, id, unavailable('The collector\'s ingest restarted; send the report again.'));
    if (this.#closed) return;
    this.options.logger.error({ code }, 'ingest worker stopped; starting a new one');
    setTimeout(() => {
      if (!this.#closed) this.#spawn(slot).catch((error: unknown) => this.options.logger.error({ err: error }, 'ingest worker did not start'));
    }, RESTART_DELAY_MS).unref();
  }
}
