// Compliance verdict for MDM compliance scripts: findings + policy -> pass/fail per rule of
// shared/catalogue/compliance.ts. Pure, so the collector can apply the same rules to a report.
import { COMPLIANCE_RULES, type Finding, type Policy, type ProbeHealth } from '../../shared/index.js';

export interface ComplianceRuleResult {
  rule: string;
  description: string;
  /** `waived`: the policy switches the rule off (e.g. `vpn.allowed`); `unknown`: a probe it needs failed. */
  status: 'pass' | 'fail' | 'waived' | 'unknown';
  /** The findings that broke the rule. */
  violations: Array<Pick<Finding, 'signal' | 'severity' | 'subject' | 'summary'>>;
  /** For `unknown`: the failed probes. */
  failedProbes?: string[];
}

export interface ComplianceVerdict {
  compliant: boolean;
  rules: ComplianceRuleResult[];
}

const waived = (flag: 'vpn.allowed' | undefined, policy: Policy): boolean => flag === 'vpn.allowed' && policy.vpn.allowed;

/** A device passes when every rule passes or is waived; a rule that could not be checked fails closed. */
export function evaluateCompliance(findings: readonly Finding[], policy: Policy, probes: readonly ProbeHealth[] = []): ComplianceVerdict {
  const failedProbes = new Set(probes.filter((p) => !p.ok && !p.unsupported).map((p) => p.probe));
  const rules = COMPLIANCE_RULES.map((rule): ComplianceRuleResult => {
    const base = { rule: rule.id, description: rule.description };
    if (waived('waivedBy' in rule ? rule.waivedBy : undefined, policy)) return { ...base, status: 'waived', violations: [] };
    const violations = findings
      .filter((f) => f.category === rule.category && f.severity !== 'info')
      .map(({ signal, severity, subject, summary }) => ({ signal, severity, subject, summary }));
    if (violations.length) return { ...base, status: 'fail', violations };
    const blind = rule.needs.filter((probe) => failedProbes.has(probe));
    return blind.length ? { ...base, status: 'unknown', violations, failedProbes: blind } : { ...base, status: 'pass', violations };
  });
  return { compliant: rules.every((r) => r.status === 'pass' || r.status === 'waived'), rules };
}

/** The verdict as lines for a terminal or an MDM script's log. */
export function formatCompliance(verdict: ComplianceVerdict): string {
  const lines = [verdict.compliant ? 'COMPLIANT' : 'NOT COMPLIANT'];
  for (const rule of verdict.rules) {
    lines.push(`  ${rule.status.toUpperCase().padEnd(7)} ${rule.rule}: ${rule.description}`);
    if (rule.failedProbes) lines.push(`          - not checked: the ${rule.failedProbes.join(' and ')} probe failed`);
    for (const v of rule.violations) lines.push(`          - [${v.severity}] ${v.signal} ${v.subject}: ${v.summary}`);
  }
  return lines.join('\n');
}
