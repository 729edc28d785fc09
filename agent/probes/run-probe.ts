// Runs one probe with a deadline. A probe that throws or overruns yields its empty facts and an
// unhealthy ProbeHealth entry instead of failing the scan; its abort signal fires on timeout so
// file reads and child processes it started stop promptly.
import type { ProbeHealth } from '../../shared/schema/facts.js';
import { clip, describeError } from './util/text.js';

export interface ProbeContext {
  /** Aborted when the probe's time is up. */
  readonly signal: AbortSignal;
  /** Records a partial failure (one source unreadable) while the probe still returns facts. */
  warn(message: string): void;
}

export type Probe<T> = (context: ProbeContext) => Promise<T>;

export interface ProbeRun<T> {
  value: T;
  health: ProbeHealth;
}

export interface RunProbeOptions<T> {
  timeoutMs: number;
  /** Facts to report when the probe fails or times out. */
  empty: () => T;
}

export class ProbeTimeoutError extends Error {
  constructor(probe: string, timeoutMs: number) {
    super(`${probe} probe exceeded ${timeoutMs} ms`);
    this.name = 'ProbeTimeoutError';
  }
}

const roundMs = (ms: number): number => Math.max(0, Math.round(ms * 10) / 10);

type Settled<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

export async function runProbe<T>(name: string, probe: Probe<T>, options: RunProbeOptions<T>): Promise<ProbeRun<T>> {
  const started = performance.now();
  const controller = new AbortController();
  const warnings: string[] = [];
  const context: ProbeContext = { signal: controller.signal, warn: (message) => warnings.push(message) };
  const elapsed = (): number => roundMs(performance.now() - started);

  if (options.timeoutMs <= 0) {
    return {
      value: options.empty(),
      health: { probe: name, ok: false, timedOut: true, durationMs: 0, error: 'scan budget exhausted before the probe started' },
    };
  }

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), options.timeoutMs);
  });
  // Promise.resolve().then() also turns a synchronous throw into a rejection.
  const finished = Promise.resolve()
    .then(() => probe(context))
    .then(
      (value): Settled<T> => ({ kind: 'ok', value }),
      (error: unknown): Settled<T> => ({ kind: 'error', error }),
    );

  const outcome = await Promise.race([finished, timedOut]);
  clearTimeout(timer);

  if (outcome.kind === 'ok') {
    const health: ProbeHealth = { probe: name, ok: true, durationMs: elapsed() };
    if (warnings.length > 0) health.error = clip(warnings.join('; '), 1024);
    return { value: outcome.value, health };
  }
  const durationMs = elapsed();
  if (outcome.kind === 'timeout') {
    controller.abort(new ProbeTimeoutError(name, options.timeoutMs));
    return {
      value: options.empty(),
      health: { probe: name, ok: false, timedOut: true, durationMs, error: clip(`timed out after ${options.timeoutMs} ms`, 1024) },
    };
  }
  controller.abort();
  return { value: options.empty(), health: { probe: name, ok: false, durationMs, error: clip(describeError(outcome.error), 1024) } };
}
