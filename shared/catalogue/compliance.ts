// Device compliance (for MDM compliance scripts): the rules a device must pass, as data, so the
// agent (`scan --compliance`) and the collector judge a device the same way. A rule fails on any
// finding of its category above `info` (sanctioned tools and allowed VPNs are reported as `info`),
// unless the policy flag named in `waivedBy` is true. A rule whose probes (`needs`, Facts part
// names) failed in the scan cannot be judged: `unknown`, which is not compliant (fail closed).
import type { Category } from '../schema/common.js';
import type { ProbeHealth } from '../schema/facts.js';
import type { Finding } from '../schema/finding.js';
import type { Policy } from '../schema/policy.js';

export interface ComplianceRule {
  readonly id: string;
  readonly category: Category;
  /** Policy boolean (dotted path) that waives the rule when true. */
  readonly waivedBy?: 'vpn.allowed';
  /** Probes (Facts part names) the rule's evidence comes from. */
  readonly needs: readonly string[];
  readonly description: string;
}

export const COMPLIANCE_RULES = [
  { id: 'no_unsanctioned_remote_access', category: 'remote_access', needs: ['processes'], description: 'No remote-access tool the policy does not sanction is running or installed.' },
  { id: 'no_ip_kvm', category: 'ip_kvm', needs: ['usbDevices'], description: 'No IP-KVM is attached, remembered or visible on the local network.' },
  { id: 'no_vpn', category: 'vpn', waivedBy: 'vpn.allowed', needs: ['interfaces', 'routes'], description: 'No VPN, tunnel or proxy, unless the policy allows VPNs.' },
] as const satisfies readonly ComplianceRule[];

/** What a rule reads of a finding (the collector reads stored findings without their evidence). */
export type ComplianceFinding = Pick<Finding, 'signal' | 'category' | 'severity' | 'subject' | 'summary'>;

export interface ComplianceRuleResult {
  rule: string;
  description: string;
  /** `waived`: the policy switches the rule off (`vpn.allowed`); `unknown`: a probe it needs failed (or, at the collector, there is no report). */
  status: 'pass' | 'fail' | 'waived' | 'unknown';
  /** The findings that broke the rule. */
  violations: Array<Pick<Finding, 'signal' | 'severity' | 'subject' | 'summary'>>;
  /** For `unknown` after a scan: the failed probes. */
  failedProbes?: string[];
}

const isWaived = (rule: (typeof COMPLIANCE_RULES)[number], policy: Policy): boolean =>
  'waivedBy' in rule && rule.waivedBy === 'vpn.allowed' && policy.vpn.allowed;

/**
 * One result per rule, in catalogue order: the judgement both the agent (`scan --compliance`)
 * and the collector make. A probe that failed (not merely unsupported on the platform) leaves a
 * rule without violations `unknown`: fail closed.
 */
export function evaluateComplianceRules(findings: readonly ComplianceFinding[], policy: Policy, probes: readonly ProbeHealth[]): ComplianceRuleResult[] {
  const failedProbes = new Set(probes.filter((p) => !p.ok && !p.unsupported).map((p) => p.probe));
  return COMPLIANCE_RULES.map((rule): ComplianceRuleResult => {
    const base = { rule: rule.id, description: rule.description };
    if (isWaived(rule, policy)) return { ...base, status: 'waived', violations: [] };
    const violations = findings
      .filter((f) => f.category === rule.category && f.severity !== 'info')
      .map(({ signal, severity, subject, summary }) => ({ signal, severity, subject, summary }));
    if (violations.length) return { ...base, status: 'fail', violations };
    const blind = rule.needs.filter((probe) => failedProbes.has(probe));
    return blind.length ? { ...base, status: 'unknown', violations, failedProbes: blind } : { ...base, status: 'pass', violations };
  });
}
