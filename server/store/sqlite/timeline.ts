// TimelineStore on better-sqlite3: one page of a device's reports with their findings as JSON.
import type { Database } from 'better-sqlite3';
import type { TimelineFinding, TimelineStore } from '../timeline-store.js';

export function sqliteTimeline(db: Database): TimelineStore {
  return {
    async deviceTimeline(agentId, query) {
      const rows = db.prepare(`SELECT r.report_id, r.received_at, r.scanned_at,
          (SELECT json_group_array(json_object('signal', f.value ->> 'signal', 'severity', f.value ->> 'severity',
            'subject', f.value ->> 'subject', 'summary', f.value ->> 'summary') ORDER BY f.key)
           FROM json_each(r.body, '$.findings') f) AS findings
        FROM reports r WHERE r.agent_id = ? ORDER BY r.received_at DESC, r.seq DESC LIMIT ? OFFSET ?`)
        .all(agentId, query.limit, query.offset) as { report_id: string; received_at: string; scanned_at: string; findings: string }[];
      const { total } = db.prepare('SELECT COUNT(*) AS total FROM reports WHERE agent_id = ?').get(agentId) as { total: number };
      return {
        items: rows.map((r) => ({
          reportId: r.report_id, receivedAt: r.received_at, scannedAt: r.scanned_at, findings: JSON.parse(r.findings) as TimelineFinding[],
        })),
        total,
      };
    },
  };
}
