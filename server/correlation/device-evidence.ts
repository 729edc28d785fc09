// What a device's own findings say about remote control, for cluster scoring. The collector
// passes the result in each observation's `deviceEvidence` (with `hostingAsn` from its own
// lookup of the egress address when it has one; a hosting-egress finding also counts).
import { SEVERITY_RANK, type Finding } from '../../shared/index.js';
import type { DeviceEvidence } from './types.js';

const REMOTE_CONTROL_SIGNALS = new Set(['remote_access.process_running', 'remote_access.session_active', 'remote_access.service_listening']);

type EvidenceFinding = Pick<Finding, 'signal' | 'category' | 'severity'>;

export function deviceEvidenceFromFindings(findings: readonly EvidenceFinding[], hostingAsn = false): DeviceEvidence {
  // Severity below medium means policy sanctioned or downgraded it.
  const counts = (f: EvidenceFinding) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.medium;
  return {
    remoteControl: findings.some((f) => REMOTE_CONTROL_SIGNALS.has(f.signal) && counts(f)),
    ipKvm: findings.some((f) => f.category === 'ip_kvm' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high),
    hostingAsn: hostingAsn || findings.some((f) => f.signal === 'location.hosting_egress' && counts(f)),
  };
}
