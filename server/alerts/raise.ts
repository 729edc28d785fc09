// The generic way to raise an alert outside the report path (silent agents, clones, location
// plausibility, farm clusters): suppression rules apply, then the store opens a new alert or
// updates the unresolved one with the same dedup key.
import { findSignal, type Severity } from '../../shared/index.js';
import type { RaiseAlertResult } from '../store/operations.js';
import type { AlertEvidence, AlertType, NewAlert, Store } from '../store/store.js';
import { MAX_REASONS_PER_ALERT } from './merge.js';
import { suppressionsFor, type SuppressionContext } from './suppression.js';
import { alertTypeOf, scoreOf } from './types.js';

export type RaiseOutcome = RaiseAlertResult | { outcome: 'suppressed'; suppressionIds: string[] };

export interface AlertInput {
  /** Catalogue signal id (`agent_health.silent`, `location.rtt_implausible`, `co_location.shared_network`...). */
  signal: string;
  /** One alert per key while unresolved; e.g. `${agentId}:${signal}`, or a cluster id. */
  dedupKey: string;
  /** The devices concerned; a single-device alert has one. */
  agentIds: string[];
  summary: string;
  reasons: string[];
  evidence: AlertEvidence[];
  seenAt: string;
  /** Default: the catalogue severity of the signal. */
  severity?: Severity;
  /** Default: the severity's score (server/alerts/types.ts). */
  score?: number;
  /** Default: from the signal (server/alerts/types.ts). */
  type?: AlertType;
}

/** A NewAlert from an AlertInput, filling type, severity, score and category from the catalogue. */
export function buildAlert(input: AlertInput): NewAlert {
  const definition = findSignal(input.signal);
  if (!definition) throw new Error(`unknown signal ${input.signal}`);
  if (!input.agentIds.length) throw new Error('an alert concerns at least one device');
  const severity = input.severity ?? definition.severity;
  const reasons = input.reasons.slice(0, MAX_REASONS_PER_ALERT);
  return {
    dedupKey: input.dedupKey,
    type: input.type ?? alertTypeOf(input.signal),
    agentId: input.agentIds.length === 1 ? input.agentIds[0]! : null,
    agentIds: [...new Set(input.agentIds)],
    signal: input.signal,
    category: definition.category,
    severity,
    score: Math.max(0, Math.min(100, input.score ?? scoreOf(severity, reasons.length))),
    summary: input.summary,
    reasons,
    evidence: input.evidence,
    firstSeen: input.seenAt,
    lastSeen: input.seenAt,
    count: 1,
  };
}

/**
 * Raises (opens or updates) an alert unless a suppression rule withholds it, in which case the
 * rule's counter goes up. `context` carries what rules may match besides the alert itself.
 */
export async function raiseAlert(store: Store, input: AlertInput, context: Omit<SuppressionContext, 'agentIds'> = {}): Promise<RaiseOutcome> {
  const alert = buildAlert(input);
  const rules = suppressionsFor(alert, await store.activeSuppressions(alert.lastSeen), { ...context, agentIds: alert.agentIds });
  if (rules.length) {
    const suppressionIds = rules.map((r) => r.id);
    await store.countSuppressed(suppressionIds, alert.lastSeen);
    return { outcome: 'suppressed', suppressionIds };
  }
  return store.raiseAlert(alert);
}
