// ComplianceStore on better-sqlite3: one query joins every agent to its latest report (by
// received_at, then seq, as getDevice picks it), and cuts that report's findings and probe health
// out of the archived body.
import type { Database } from 'better-sqlite3';
import type { ComplianceStore } from '../compliance-store.js';
import { toDeviceLatestReport as toLatest, type LatestReportRow as LatestRow } from './rows.js';

const LATEST_REPORTS = `
  SELECT a.id, a.hostname, a.serial, a.platform, a.enrolled_at, a.last_seen_at,
    r.report_id, r.received_at, r.scanned_at, json_extract(r.body, '$.probes') AS probes,
    (SELECT json_group_array(json_object('signal', f.value ->> 'signal', 'category', f.value ->> 'category',
        'severity', f.value ->> 'severity', 'subject', f.value ->> 'subject', 'summary', f.value ->> 'summary') ORDER BY f.key)
      FROM json_each(r.body, '$.findings') f) AS findings
  FROM agents a
  LEFT JOIN reports r ON r.seq = (
    SELECT latest.seq FROM reports latest WHERE latest.agent_id = a.id ORDER BY latest.received_at DESC, latest.seq DESC LIMIT 1)
  ORDER BY a.id`;

export function sqliteCompliance(db: Database): ComplianceStore {
  return {
    async latestReportsByDevice() {
      return (db.prepare(LATEST_REPORTS).all() as LatestRow[]).map(toLatest);
    },
  };
}
