// ComplianceStore on PostgreSQL: one query joins every agent to its latest report (by
// received_at, then seq, as getDevice picks it), and cuts that report's findings and probe health
// out of the archived body.
import type { Pool } from 'pg';
import type { ComplianceStore } from '../compliance-store.js';
import { toDeviceLatestReport as toLatest, type LatestReportRow as LatestRow } from './rows.js';

const LATEST_REPORTS = `
  SELECT a.id, a.hostname, a.serial, a.platform, a.enrolled_at, a.last_seen_at,
    r.report_id, r.received_at, r.scanned_at, r.probes, f.findings
  FROM agents a
  LEFT JOIN LATERAL (
    SELECT report_id, received_at, scanned_at, body -> 'probes' AS probes, findings FROM reports
    WHERE agent_id = a.id ORDER BY received_at DESC, seq DESC LIMIT 1) r ON true
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('signal', e ->> 'signal', 'category', e ->> 'category', 'severity', e ->> 'severity',
      'subject', e ->> 'subject', 'summary', e ->> 'summary') ORDER BY n) AS findings
    FROM json_array_elements(r.findings) WITH ORDINALITY AS f (e, n)) f ON true
  ORDER BY a.id`;

export function postgresCompliance(pool: Pool): ComplianceStore {
  return {
    async latestReportsByDevice() {
      const { rows } = await pool.query<LatestRow>(LATEST_REPORTS);
      return rows.map(toLatest);
    },
  };
}
