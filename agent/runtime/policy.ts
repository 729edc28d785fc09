// The policy the collector hands out, cached in policy.json with its ETag. When the collector
// cannot be reached the agent keeps scanning with the cached policy, or the default one.
import { z } from 'zod';
import { DEFAULT_POLICY, Policy, Timestamp } from '../../shared/index.js';
import type { Logger } from '../log.js';
import { readJson, writeFileAtomic } from './files.js';
import { statePaths } from './state.js';
import { describeApiError, type Transport } from './transport.js';

const CachedPolicy = z.object({
  etag: z.string().optional(),
  fetchedAt: Timestamp,
  policy: Policy,
});
type CachedPolicy = z.infer<typeof CachedPolicy>;

export interface PolicyState {
  policy: Policy;
  /** `collector`: fetched or confirmed (304) just now; `cache`: policy.json; `default`: DEFAULT_POLICY. */
  source: 'collector' | 'cache' | 'default';
  etag?: string;
  fetchedAt?: string;
}

export async function loadCachedPolicy(stateDir: string, log: Logger): Promise<PolicyState> {
  const file = statePaths(stateDir).policy;
  const read = await readJson(file).catch((error: unknown) => ({ kind: 'broken' as const, error: String(error) }));
  if (read.kind === 'ok') {
    const parsed = CachedPolicy.safeParse(read.value);
    if (parsed.success) return { policy: parsed.data.policy, source: 'cache', etag: parsed.data.etag, fetchedAt: parsed.data.fetchedAt };
  }
  if (read.kind !== 'missing') log.warn({ file }, 'the cached policy is damaged; using the default policy until the collector answers');
  return { policy: DEFAULT_POLICY, source: 'default' };
}

/** Asks the collector for the policy (conditional on the cached ETag); never throws for network trouble. */
export async function refreshPolicy(transport: Transport, stateDir: string, current: PolicyState, log: Logger): Promise<PolicyState> {
  const outcome = await transport.request('GET', '/api/v1/policy', {
    headers: current.source !== 'default' && current.etag ? { 'if-none-match': current.etag } : undefined,
    maxRetries: 1,
  });
  if (outcome.kind === 'ok' && outcome.status === 304) {
    return { ...current, source: 'collector' };
  }
  if (outcome.kind === 'ok') {
    const parsed = Policy.safeParse(outcome.data);
    if (!parsed.success) {
      log.error({ issues: parsed.error.issues.slice(0, 5) }, 'the collector sent a policy this agent cannot read; keeping the current one');
      return current;
    }
    const cached: CachedPolicy = { etag: outcome.headers.etag, fetchedAt: new Date().toISOString(), policy: parsed.data };
    await writeFileAtomic(statePaths(stateDir).policy, `${JSON.stringify(cached, null, 2)}\n`, 0o600).catch((error: unknown) =>
      log.warn({ err: error }, 'cannot cache the policy; using it for this run only'),
    );
    if (JSON.stringify(parsed.data) !== JSON.stringify(current.policy)) log.info({ policy: parsed.data }, 'policy updated');
    return { policy: parsed.data, source: 'collector', etag: cached.etag, fetchedAt: cached.fetchedAt };
  }
  const reason = outcome.kind === 'client_error' ? `HTTP ${outcome.status} ${describeApiError(outcome.data)}` : outcome.reason;
  log.warn({ reason, using: current.source }, 'cannot fetch the policy; keeping the one in use');
  return current;
}
