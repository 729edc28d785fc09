// Round-trip time to known places: N sequential TCP connects per target (the handshake is one
// round trip), targets in parallel. No data is ever sent; each socket is closed as soon as it
// connects. The host is resolved once, before timing, so DNS never counts. The minimum of the
// samples is what bounds distance; event-loop delays only ever add to a sample.
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import type { RttFact } from '../../../shared/schema/facts.js';
import type { Probe, ProbeContext } from '../run-probe.js';
import { describeError } from '../util/text.js';
import type { NetworkOptions, RttTarget } from './options.js';

export const DEFAULT_RTT_SAMPLES = 5;
export const DEFAULT_RTT_TIMEOUT_MS = 2_000;
const MAX_SAMPLES = 32;
const MAX_TARGETS = 32;

export interface RttOptions {
  samples: number;
  /** Per connect attempt. */
  timeoutMs: number;
  /** No new sample starts after this long (keeps the probe inside its own timeout). */
  budgetMs?: number;
  signal: AbortSignal;
}

type Sample = { ms: number } | { error: string };

function connectOnce(address: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: address, port, noDelay: true });
    const settle = (sample: Sample): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(sample);
    };
    const onAbort = (): void => settle({ error: 'aborted' });
    const timer = setTimeout(() => settle({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => settle({ ms: Math.round((performance.now() - started) * 100) / 100 }));
    socket.once('error', (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
  });
}

async function resolveOnce(host: string, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return (await Promise.race([lookup(host), timeout])).address;
  } finally {
    clearTimeout(timer);
  }
}

async function measureTarget(target: RttTarget, options: RttOptions, deadline: number, warn: (message: string) => void): Promise<RttFact> {
  const fact: RttFact = { target: target.target, host: target.host, port: target.port, samplesMs: [], failures: 0 };
  const samples = Math.min(MAX_SAMPLES, Math.max(1, Math.floor(options.samples)));
  let address: string;
  try {
    address = await resolveOnce(target.host, options.timeoutMs);
  } catch (error) {
    fact.failures = samples;
    warn(`rtt ${target.target}: cannot resolve ${target.host}: ${describeError(error)}`);
    return fact;
  }
  const errors = new Set<string>();
  for (let i = 0; i < samples; i += 1) {
    const remaining = deadline - performance.now();
    if (options.signal.aborted || remaining <= 0) break;
    const sample = await connectOnce(address, target.port, Math.min(options.timeoutMs, Math.ceil(remaining)), options.signal);
    if ('ms' in sample) fact.samplesMs.push(sample.ms);
    else {
      fact.failures += 1;
      errors.add(sample.error);
    }
  }
  if (errors.size > 0) warn(`rtt ${target.target}: ${fact.failures} of ${fact.failures + fact.samplesMs.length} connects to ${target.host}:${target.port} failed (${[...errors].join(', ')})`);
  return fact;
}

export async function measureRtt(targets: readonly RttTarget[], options: RttOptions, warn: (message: string) => void = () => undefined): Promise<RttFact[]> {
  const deadline = performance.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
  return Promise.all(targets.slice(0, MAX_TARGETS).map((target) => measureTarget(target, options, deadline, warn)));
}

/** The `rtt` probe; no targets (not enrolled, no anchors) is an empty, healthy result. */
export function rttProbe(network: NetworkOptions = {}): Probe<RttFact[]> {
  return async (context: ProbeContext) => {
    const targets = network.rttTargets ?? [];
    if (targets.length === 0) return [];
    return measureRtt(
      targets,
      { samples: network.rttSamples ?? DEFAULT_RTT_SAMPLES, timeoutMs: network.rttTimeoutMs ?? DEFAULT_RTT_TIMEOUT_MS, budgetMs: network.rttBudgetMs, signal: context.signal },
      context.warn,
    );
  };
}
