// What a device's own findings say about remote control, for cluster scoring. The collector
// passes the result in each observation's `deviceEvidence` (with `hostingAsn` from its own
// lookup of the egress address when it has one; a hosting-egress finding also counts).
import { SEVERITY_RANK, type Finding } from '../../shared/index.js';
import type { DeviceEvidence } from './types.js';

const REMOTE_CONTROL_SIGNALS = new Set(['remote_access.process_running', 'remote_access.session_active', 'remote_access.service_listening']);

type EvidenceFinding = Pick<Finding, 'signal' | 'category' | 'severity'>;

// Severity below medium means policy sanctioned or downgraded it.
const counts = (f: EvidenceFinding) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.medium;
/** An unsanctioned remote-control tool running, in session or listening. */
export const isRemoteControl = (f: EvidenceFinding) => REMOTE_CONTROL_SIGNALS.has(f.signal) && counts(f);
/** An IP-KVM seen with confidence. */
export const isIpKvm = (f: EvidenceFinding) => f.category === 'ip_kvm' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high;
const isHostingEgress = (f: EvidenceFinding) => f.signal === 'location.hosting_egress' && counts(f);

export function deviceEvidenceFromFindings(findings: readonly EvidenceFinding[], hostingAsn = false): DeviceEvidence {
  return {
    remoteControl: findings.some(isRemoteControl),
    ipKvm: findings.some(isIpKvm),
    hostingAsn: hostingAsn || findings.some(isHostingEgress),
  };
}

/**
 * Whether a finding can change what correlation knows of a device (its evidence above, the tools
 * and KVMs a cluster view names): the only findings a report's correlation facts carry.
 */
export function mattersToCorrelation(f: EvidenceFinding): boolean {
  return isRemoteControl(f) || isIpKvm(f) || isHostingEgress(f);
}
