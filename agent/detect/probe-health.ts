// Probes that failed or timed out: their facts are missing, so the other checks saw less. Parts
// the agent does not collect on this platform are known gaps, not failures, and raise nothing.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { makeFinding } from './finding.js';

export function detectProbeHealth(facts: Facts, _policy: Policy): Finding[] {
  return facts.probes.filter((p) => !p.ok && !p.unsupported).map((p) => makeFinding('agent_health.probe_failed', {
    subject: p.probe,
    summary: p.timedOut
      ? `The ${p.probe} probe timed out after ${Math.round(p.durationMs)} ms; its facts are missing from this scan.`
      : `The ${p.probe} probe failed${p.error ? ` (${p.error})` : ''}; its facts are missing from this scan.`,
    evidence: { probe: p.probe, durationMs: p.durationMs, timedOut: p.timedOut ?? false, error: p.error },
  }));
}
