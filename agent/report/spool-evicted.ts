// Stamps a report with the number of reports the spool dropped before it, and the matching
// agent_health.spool_evicted finding, so evictions always reach the collector.
import { signal, type Finding, type Report } from '../../shared/index.js';

const SPOOL_EVICTED = signal('agent_health.spool_evicted');
const MAX_FINDINGS = 1_000;

export function spoolEvictedFinding(count: number): Finding {
  return {
    signal: SPOOL_EVICTED.id,
    category: SPOOL_EVICTED.category,
    severity: SPOOL_EVICTED.severity,
    subject: 'spool',
    summary: `The agent dropped ${count} queued report${count === 1 ? '' : 's'} because its spool was full.`,
    evidence: { evicted: count },
  };
}

export function withSpoolEvicted(report: Report, count: number): Report {
  const findings = report.findings.filter((f) => f.signal !== SPOOL_EVICTED.id);
  if (count > 0) findings.splice(Math.min(findings.length, MAX_FINDINGS - 1), Infinity, spoolEvictedFinding(count));
  return { ...report, spoolEvicted: count, findings };
}
