// The collector's reading of the compliance rules in shared/catalogue/compliance.ts: the same
// data-driven judgement the agent's `scan --compliance` makes (agent/detect/compliance.ts; the
// layering keeps the server from importing it), applied to a stored report.
// test/server/compliance/agreement.test.ts holds the two to the same verdicts.
import { COMPLIANCE_RULES, type Finding, type Policy, type ProbeHealth } from '../../shared/index.js';

/** What a rule needs of a finding; stored findings are read without their evidence. */
export type ComplianceFinding = Pick<Finding, 'signal' | 'category' | 'severity' | 'subject' | 'summary'>;

export type RuleStatus = 'pass' | 'fail' | 'waived' | 'unknown';

export interface RuleResult {
  rule: string;
  description: string;
  /** `waived`: the policy switches the rule off (`vpn.allowed`); `unknown`: a probe it needs failed, or there is no report. */
  status: RuleStatus;
  /** The findings that broke the rule. */
  violations: Array<Pick<Finding, 'signal' | 'severity' | 'subject' | 'summary'>>;
  /** For `unknown` after a scan: the failed probes. */
  failedProbes?: string[];
}

const isWaived = (rule: (typeof COMPLIANCE_RULES)[number], policy: Policy): boolean =>
  'waivedBy' in rule && rule.waivedBy === 'vpn.allowed' && policy.vpn.allowed;

/**
 * One result per shared rule, in catalogue order. A rule fails on any finding of its category
 * above `info`; without such a finding, a probe it needs that failed (not merely unsupported on
 * the platform) leaves it `unknown`: fail closed, as the agent does.
 */
export function evaluateRules(findings: readonly ComplianceFinding[], policy: Policy, probes: readonly ProbeHealth[]): RuleResult[] {
  const failedProbes = new Set(probes.filter((p) => !p.ok && !p.unsupported).map((p) => p.probe));
  return COMPLIANCE_RULES.map((rule): RuleResult => {
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

/** Every shared rule `unknown`: a device that has never reported cannot be judged on any of them. */
export function unjudgedRules(): RuleResult[] {
  return COMPLIANCE_RULES.map((rule) => ({ rule: rule.id, description: rule.description, status: 'unknown', violations: [] }));
}
