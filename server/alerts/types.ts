// Alert types and scores: the catalogue signal decides what kind of alert a finding raises.
import { SEVERITY_RANK, findSignal, type Severity } from '../../shared/index.js';
import type { AlertType } from '../store/store.js';

/** Signals whose alert type is not simply their category's. */
const BY_SIGNAL: Record<string, AlertType> = {
  'remote_access.process_running': 'remote_control',
  'remote_access.session_active': 'remote_control',
  'remote_access.service_listening': 'remote_control',
  'agent_health.silent': 'agent_silent',
  'agent_health.clone': 'agent_clone',
};

const BY_CATEGORY: Partial<Record<string, AlertType>> = {
  ip_kvm: 'ip_kvm',
  location: 'location_implausible',
  co_location: 'farm_suspected',
};

/**
 * remote-access processes, sessions and listeners -> remote_control; IP-KVM signals -> ip_kvm;
 * location -> location_implausible; co-location -> farm_suspected; silent and cloned agents ->
 * agent_silent / agent_clone; everything else (installed tools, VPNs, posture, agent health) is
 * something the policy forbids: policy_violation.
 */
export function alertTypeOf(signal: string): AlertType {
  const category = findSignal(signal)?.category ?? signal.split('.')[0] ?? '';
  return BY_SIGNAL[signal] ?? BY_CATEGORY[category] ?? 'policy_violation';
}

const SEVERITY_SCORE: Record<Severity, number> = { info: 5, low: 20, medium: 40, high: 70, critical: 90 };

/** Default score of an alert: its severity, plus a little for each further reason, capped at 100. */
export function scoreOf(severity: Severity, reasonCount = 1): number {
  return Math.min(100, SEVERITY_SCORE[severity] + 2 * Math.max(0, reasonCount - 1));
}

export const maxSeverity = (severities: readonly Severity[]): Severity =>
  severities.reduce((a, b) => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a));
