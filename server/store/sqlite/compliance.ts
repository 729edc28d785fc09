// ComplianceStore on better-sqlite3: one query joins every agent to its latest report (by
// received_at, then seq, as getDevice picks it), and cuts that report's findings and probe health
// out of the archived body.
import type { Database } from 'better-sqlite3';
import type { ComplianceFinding, Platform, ProbeHealth } from '../../../shared/index.js';
import type { ComplianceStore, DeviceLatestReport } from '../compliance-store.js';

interface LatestRow {
  id: string;
  hostname: string;
  serial: string | null;
  platform: string;
  enrolled_at: string;
  last_seen_at: string | null;
  report_id: string | null;
  received_at: string | null;
  scanned_at: string | null;
  findings: string | null;
  probes: string | null;
}

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

const toLatest = (row: LatestRow): DeviceLatestReport => ({
  agentId: row.id,
  hostname: row.hostname,
  serial: row.serial,
  platform: row.platform as Platform,
  enrolledAt: row.enrolled_at,
  lastSeenAt: row.last_seen_at,
  latestReport: row.report_id === null ? null : {
    reportId: row.report_id,
    receivedAt: row.received_at!,
    scannedAt: row.scanned_at!,
    findings: JSON.parse(row.findings ?? '[]') as ComplianceFinding[],
    probes: JSON.parse(row.probes ?? '[]') as ProbeHealth[],
  },
});

export function sqliteCompliance(db: Database): ComplianceStore {
  return {
    async latestReportsByDevice() {
      return (db.prepare(LATEST_REPORTS).all() as LatestRow[]).map(toLatest);
    },
  };
}
