// Schema version 8 (SQLite): one row per report holds everything ingest writes, so storing a
// report touches a handful of pages instead of dozens (README "Collector ingest").
// - findings stay in the archived body they arrived in: the per-finding rows duplicated it and
//   their (signal, agent_id) index, which no query used, put every finding on a random page;
// - the egress the collector saw is a column of its report, written in the report's transaction
//   (report_egress was a second table and a second transaction); a device's latest egress is read
//   from its latest report (device_egress was an upsert on three indexes per report);
// - `seq`, an ever-increasing rowid (AUTOINCREMENT never reuses one, even after retention empties
//   the table), is the co-location engine's cursor over newly stored reports.
import type { Migration } from './migrations.js';

export const REPORT_ROWS_MIGRATION: Migration = {
  version: 8,
  name: 'report rows hold findings and egress',
  sql: `
    CREATE TABLE reports_v8 (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      report_id TEXT NOT NULL UNIQUE,
      agent_id TEXT NOT NULL REFERENCES agents (id),
      received_at TEXT NOT NULL,
      scanned_at TEXT NOT NULL,
      body TEXT NOT NULL,
      finding_count INTEGER NOT NULL,
      egress TEXT
    );
    INSERT INTO reports_v8 (report_id, agent_id, received_at, scanned_at, body, finding_count, egress)
      SELECT r.report_id, r.agent_id, r.received_at, r.scanned_at, r.body, r.finding_count, e.egress
      FROM reports r LEFT JOIN report_egress e ON e.report_id = r.report_id
      ORDER BY r.rowid;
    DROP TABLE findings;
    DROP TABLE report_egress;
    DROP TABLE device_egress;
    DROP TABLE reports;
    ALTER TABLE reports_v8 RENAME TO reports;
    CREATE INDEX reports_agent_received ON reports (agent_id, received_at);
    CREATE INDEX reports_received ON reports (received_at);
  `,
};
