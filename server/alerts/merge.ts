// How a raised alert updates the unresolved alert with the same dedup key.
import type { Alert, NewAlert } from '../store/store.js';
import { maxSeverity } from './types.js';

export const MAX_REASONS_PER_ALERT = 50;
const MAX_DEVICES_PER_ALERT = 500;

const union = (a: readonly string[], b: readonly string[], cap: number) => [...new Set([...a, ...b])].slice(0, cap);

/** The active alert after `raised` was seen again: counted, worst severity and score, reasons and devices merged. */
export function mergeRaised(active: Alert, raised: NewAlert): Alert {
  return {
    ...active,
    severity: maxSeverity([active.severity, raised.severity]),
    score: Math.max(active.score, raised.score),
    summary: raised.summary,
    reasons: union(raised.reasons, active.reasons, MAX_REASONS_PER_ALERT),
    evidence: raised.evidence,
    agentIds: union(active.agentIds, raised.agentIds, MAX_DEVICES_PER_ALERT),
    lastSeen: raised.lastSeen,
    count: active.count + 1,
  };
}
