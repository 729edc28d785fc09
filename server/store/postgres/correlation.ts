// CorrelationStore on PostgreSQL: the facts are cut out of the jsonb report body in SQL, so only
// the few fields the engine needs cross the wire.
import type { Pool } from 'pg';
import type { CorrelationKey, CorrelationRow, CorrelationStore, ReportCursor } from '../correlation-store.js';
import { withEmployees } from '../correlation-store.js';
import type { Egress, InventoryStore } from '../inventory-store.js';

interface Row {
  agent_id: string;
  report_id: string;
  received_at: Date;
  hostname: string;
  serial: string | null;
  network: { gatewayMacHash: string | null; wifiBssidHash: string | null; neighbourMacHashes: string[] | null; ipv6Prefixes: string[] | null };
  lan_peers: string[];
  findings: CorrelationRow['findings'];
  egress: Egress | null;
}

const SELECT = `SELECT r.agent_id, r.report_id, r.received_at, r.body->'host'->>'hostname' AS hostname, r.body->'host'->>'serial' AS serial,
    jsonb_build_object('gatewayMacHash', r.body->'network'->'gatewayMacHash', 'wifiBssidHash', r.body->'network'->'wifiBssidHash',
      'neighbourMacHashes', r.body->'network'->'neighbourMacHashes', 'ipv6Prefixes', r.body->'network'->'ipv6Prefixes') AS network,
    (SELECT coalesce(json_agg(p.id ORDER BY p.id), '[]'::json) FROM (SELECT DISTINCT lp->>'agentId' AS id
      FROM jsonb_array_elements(coalesce(r.body->'lanPeers', '[]'::jsonb)) lp) p JOIN agents ag ON ag.id = p.id) AS lan_peers,
    (SELECT coalesce(json_agg(json_build_object('signal', f.signal, 'category', f.category, 'severity', f.severity, 'subject', f.subject)
      ORDER BY f.ordinal), '[]'::json) FROM findings f WHERE f.report_id = r.report_id) AS findings,
    e.egress
  FROM reports r LEFT JOIN report_egress e ON e.report_id = r.report_id`;

function toRow(row: Row): CorrelationRow {
  const { network } = row;
  return {
    agentId: row.agent_id, reportId: row.report_id, receivedAt: row.received_at.toISOString(), hostname: row.hostname, serial: row.serial,
    network: {
      ...(network.gatewayMacHash ? { gatewayMacHash: network.gatewayMacHash } : {}),
      ...(network.wifiBssidHash ? { wifiBssidHash: network.wifiBssidHash } : {}),
      neighbourMacHashes: network.neighbourMacHashes ?? [], ipv6Prefixes: network.ipv6Prefixes ?? [],
    },
    lanPeers: row.lan_peers, findings: row.findings, egress: row.egress,
  };
}

export function postgresCorrelation(pool: Pool, deviceContexts: InventoryStore['deviceContexts']): CorrelationStore {
  return {
    async latestCorrelationFacts() {
      const { rows } = await pool.query<Row>(`${SELECT}
        WHERE r.report_id IN (SELECT (SELECT r2.report_id FROM reports r2 WHERE r2.agent_id = a.id ORDER BY r2.received_at DESC, r2.seq DESC LIMIT 1)
          FROM agents a)
        ORDER BY r.received_at, r.report_id`);
      return withEmployees(rows.map(toRow), deviceContexts);
    },

    async correlationFactsAfter(after: ReportCursor, limit: number) {
      const { rows } = await pool.query<Row>(`${SELECT}
        WHERE (r.received_at, r.report_id) > ($1::timestamptz, $2::text)
        ORDER BY r.received_at, r.report_id LIMIT $3`, [after.receivedAt, after.reportId, limit]);
      return withEmployees(rows.map(toRow), deviceContexts);
    },

    async correlationKeysAfter(after: ReportCursor, limit: number): Promise<CorrelationKey[]> {
      const { rows } = await pool.query<{ report_id: string; received_at: Date; has_egress: boolean }>(
        `SELECT r.report_id, r.received_at, e.report_id IS NOT NULL AS has_egress
          FROM reports r LEFT JOIN report_egress e ON e.report_id = r.report_id
          WHERE (r.received_at, r.report_id) > ($1::timestamptz, $2::text)
          ORDER BY r.received_at, r.report_id LIMIT $3`, [after.receivedAt, after.reportId, limit]);
      return rows.map((r) => ({ reportId: r.report_id, receivedAt: r.received_at.toISOString(), hasEgress: r.has_egress }));
    },

    async correlationFactsOf(reportIds: readonly string[]) {
      if (reportIds.length === 0) return [];
      const { rows } = await pool.query<Row>(`${SELECT} WHERE r.report_id = ANY($1::text[]) ORDER BY r.received_at, r.report_id`, [reportIds]);
      return withEmployees(rows.map(toRow), deviceContexts);
    },
  };
}
