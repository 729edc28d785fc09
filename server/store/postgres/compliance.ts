// ComplianceStore on PostgreSQL: one query joins every agent to its latest report (by
// received_at, then seq, as getDevice picks it), and cuts that report's findings and probe health
// out of the archived body.
import type { Pool } from 'pg';
import type { ComplianceFinding, Platform, ProbeHealth } from '../../../shared/index.js';
import type { ComplianceStore, DeviceLatestReport } from '../compliance-store.js';

interface LatestRow {
  id: string;
  hostname: string;
  serial: string | null;
  platform: string;
  enrolled_at: Date;
  last_seen_at: Date | null;
  report_id: string | null;
  received_at: Date | null;
  scanned_at: string | null;
  findings: ComplianceFinding[] | null;
  probes: ProbeHealth[] | null;
}

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

const toLatest = (row: LatestRow): DeviceLatestReport => ({
  agentId: row.id,
  hostname: row.hostname,
  serial: row.serial,
  platform: row.platform as Platform,
  enrolledAt: row.enrolled_at.toISOString(),
  lastSeenAt: row.last_seen_at?.toISOString() ?? null,
  latestReport: row.report_id === null ? null : {
    reportId: row.report_id,
    receivedAt: row.received_at!.toISOString(),
    scannedAt: row.scanned_at!,
    findings: row.findings ?? [],
    probes: row.probes ?? [],
  },
});

export function postgresCompliance(pool: Pool): ComplianceStore {
  return {
    async latestReportsByDevice() {
      const { rows } = await pool.query<LatestRow>(LATEST_REPORTS);
      return rows.map(toLatest);
    },
  };
}
