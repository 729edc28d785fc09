// Alert rules: pure decisions from a report's findings and the device's active alerts. The
// store applies the decision inside the report's transaction.
import { SEVERITY_RANK, findSignal, type Finding, type Severity } from '../../shared/index.js';
import type { AlertChanges, AlertEvidence, AlertRuleInput, NewAlert, AlertUpdate } from '../store/store.js';
import { MAX_REASONS_PER_ALERT } from './merge.js';
import { alertTypeOf, maxSeverity, scoreOf } from './types.js';

/** Findings at or above this severity raise alerts. */
export const ALERT_MIN_SEVERITY: Severity = 'high';
/** Evidence entries kept per alert (the latest report's), so one noisy signal stays readable. */
export const MAX_EVIDENCE_PER_ALERT = 50;

export function dedupKey(agentId: string, signal: string): string {
  return `${agentId}:${signal}`;
}

function summarise(findings: Finding[]): string {
  const first = findings[0]!.summary;
  return findings.length === 1 ? first : `${first} (and ${findings.length - 1} more)`;
}

/** One reason per distinct finding summary, in the agent's order. */
function reasonsOf(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.summary))].slice(0, MAX_REASONS_PER_ALERT);
}

function toEvidence(finding: Finding): AlertEvidence {
  return { subject: finding.subject, severity: finding.severity, summary: finding.summary, evidence: finding.evidence };
}

/**
 * One alert per device and signal for findings of severity high or critical. While that alert
 * is unresolved (open or acknowledged), later reports update its last_seen, count, evidence and
 * summary, and raise its severity if the new findings are worse; they never open a second one.
 */
export function decideAlerts({ agentId, findings, seenAt, activeAlerts }: AlertRuleInput): AlertChanges {
  const bySignal = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[ALERT_MIN_SEVERITY]) continue;
    bySignal.set(finding.signal, [...(bySignal.get(finding.signal) ?? []), finding]);
  }

  const open: NewAlert[] = [];
  const update: AlertUpdate[] = [];
  for (const [signal, signalFindings] of bySignal) {
    const key = dedupKey(agentId, signal);
    const severity = maxSeverity(signalFindings.map((f) => f.severity));
    const evidence = signalFindings.slice(0, MAX_EVIDENCE_PER_ALERT).map(toEvidence);
    const summary = summarise(signalFindings);
    const reasons = reasonsOf(signalFindings);
    const active = activeAlerts.find((a) => a.dedupKey === key);
    if (active) {
      const worst = maxSeverity([active.severity, severity]);
      update.push({
        id: active.id, severity: worst, score: Math.max(active.score, scoreOf(worst, reasons.length)), summary, reasons, evidence,
        lastSeen: seenAt, count: active.count + 1,
      });
    } else {
      // The catalogue, not the agent, says which category a known signal belongs to.
      const category = findSignal(signal)?.category ?? signalFindings[0]!.category;
      open.push({
        dedupKey: key, type: alertTypeOf(signal), agentId, agentIds: [agentId], signal, category, severity,
        score: scoreOf(severity, reasons.length), summary, reasons, evidence, firstSeen: seenAt, lastSeen: seenAt, count: 1,
      });
    }
  }
  return { open, update };
}
