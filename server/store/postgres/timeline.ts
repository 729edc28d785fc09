// TimelineStore on PostgreSQL: one page of a device's reports with their findings as JSON, read in one snapshot.
import type { Pool } from 'pg';
import type { TimelineFinding, TimelineStore } from '../timeline-store.js';
import { SNAPSHOT, withTransaction } from './transaction.js';

export function postgresTimeline(pool: Pool): TimelineStore {
  return {
    async deviceTimeline(agentId, query) {
      return withTransaction(pool, async (db) => {
        const { rows } = await db.query<{ report_id: string; received_at: Date; scanned_at: string; findings: TimelineFinding[] }>(
          `SELECT r.report_id, r.received_at, r.scanned_at,
             COALESCE((SELECT json_agg(json_build_object('signal', e ->> 'signal', 'severity', e ->> 'severity', 'subject', e ->> 'subject',
               'summary', e ->> 'summary') ORDER BY n) FROM json_array_elements(r.findings) WITH ORDINALITY AS f (e, n)), '[]'::json) AS findings
           FROM reports r WHERE r.agent_id = $1 ORDER BY r.received_at DESC, r.seq DESC LIMIT $2 OFFSET $3`,
          [agentId, query.limit, query.offset]);
        const { rows: [count] } = await db.query<{ total: number }>('SELECT COUNT(*)::int AS total FROM reports WHERE agent_id = $1', [agentId]);
        return {
          items: rows.map((r) => ({ reportId: r.report_id, receivedAt: r.received_at.toISOString(), scannedAt: r.scanned_at, findings: r.findings })),
          total: count!.total,
        };
      }, SNAPSHOT);
    },
  };
}
