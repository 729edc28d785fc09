// The collector's side of the compliance rules of shared/catalogue/compliance.ts. The judgement
// of a report is shared with the agent's `scan --compliance` (evaluateComplianceRules); what only
// the collector meets is a device that has never reported.
import { COMPLIANCE_RULES, type ComplianceRuleResult } from '../../shared/index.js';

/** Every shared rule `unknown`: a device that has never reported cannot be judged on any of them. */
export function unjudgedRules(): ComplianceRuleResult[] {
  return COMPLIANCE_RULES.map((rule) => ({ rule: rule.id, description: rule.description, status: 'unknown', violations: [] }));
}
