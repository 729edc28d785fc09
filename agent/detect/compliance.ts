// Compliance verdict for MDM compliance scripts: findings + policy -> pass/fail per rule of
// shared/catalogue/compliance.ts, judged as the collector judges a stored report.
import { evaluateComplianceRules, type ComplianceRuleResult, type Finding, type Policy, type ProbeHealth } from '../../shared/index.js';

export interface ComplianceVerdict {
  compliant: boolean;
  rules: ComplianceRuleResult[];
}

/** A device passes when every rule passes or is waived; a rule that could not be checked fails closed. */
export function evaluateCompliance(findings: readonly Finding[], policy: Policy, probes: readonly ProbeHealth[] = []): ComplianceVerdict {
  const rules = evaluateComplianceRules(findings, policy, probes);
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
