// Schema version 8 (PostgreSQL): the same logical change as SQLite's (server/store/sqlite/migration-report-rows.ts).
// Egress is a column of its report, a device's latest egress comes from its latest report, and
// `seq` (an identity since version 1) gets the index the co-location engine's cursor reads by.
// Findings move into a json column of the report, cut from the request text as sent: the jsonb
// body would sort evidence keys, and analysts read evidence in the order the agent wrote it.
import type { Migration } from '../sqlite/migrations.js';

export const REPORT_ROWS_MIGRATION: Migration = {
  version: 8,
  name: 'report rows hold findings and egress',
  sql: `
    ALTER TABLE reports ADD COLUMN egress json;
    ALTER TABLE reports ADD COLUMN findings json;
    UPDATE reports r SET egress = e.egress FROM report_egress e WHERE e.report_id = r.report_id;
    UPDATE reports r SET findings = coalesce((SELECT json_agg(json_build_object('signal', f.signal, 'category', f.category,
        'severity', f.severity, 'subject', f.subject, 'summary', f.summary, 'evidence', f.evidence) ORDER BY f.ordinal)
      FROM findings f WHERE f.report_id = r.report_id), '[]'::json);
    ALTER TABLE reports ALTER COLUMN findings SET NOT NULL;
    DROP TABLE findings;
    DROP TABLE report_egress;
    DROP TABLE device_egress;
    CREATE UNIQUE INDEX reports_seq ON reports (seq);
    DROP INDEX reports_received;
    CREATE INDEX reports_received ON reports (received_at);
  `,
};
