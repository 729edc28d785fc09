// CorrelationStore on PostgreSQL: the facts are cut out of the jsonb report body in SQL, so only
// the few fields the engine needs cross the wire.
import type { Pool } from 'pg';
import type { CorrelationKey, CorrelationRow, CorrelationStore } from '../correlation-store.js';
import { withEmployees } from '../correlation-store.js';
import type { Egress, InventoryStore } from '../inventory-store.js';

interface Row {
  /** bigint: pg returns it as text. */
  seq: string;
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

const SELECT = `SELECT r.seq, r.agent_id, r.report_id, r.received_at, r.body->'host'->>'hostname' AS hostname, r.body->'host'->>'serial' AS serial,
    jsonb_build_object('gatewayMacHash', r.body->'network'->'gatewayMacHash', 'wifiBssidHash', r.body->'network'->'wifiBssidHash',
      'neighbourMacHashes', r.body->'network'->'neighbourMacHashes', 'ipv6Prefixes', r.body->'network'->'ipv6Prefixes') AS network,
    (SELECT coalesce(json_agg(p.id ORDER BY p.id), '[]'::json) FROM (SELECT DISTINCT lp->>'agentId' AS id
      FROM jsonb_array_elements(coalesce(r.body->'lanPeers', '[]'::jsonb)) lp) p JOIN agents ag ON ag.id = p.id) AS lan_peers,
    (SELECT coalesce(json_agg(json_build_object('signal', e->>'signal', 'category', e->>'category', 'severity', e->>'severity', 'subject', e->>'subject')
      ORDER BY n), '[]'::json) FROM jsonb_array_elements(r.body->'findings') WITH ORDINALITY AS f (e, n)) AS findings,
    r.egress
  FROM reports r`;

function toRow(row: Row): CorrelationRow {
  const { network } = row;
  return {
    seq: Number(row.seq), agentId: row.agent_id, reportId: row.report_id, receivedAt: row.received_at.toISOString(), hostname: row.hostname, serial: row.serial,
    network: {
      ...(network.gatewayMacHash ? { gatewayMacHash: network.gatewayMacHash } : {}),
      ...(network.wifiBssidHash ? { wifiBssidHash: network.wifiBssidHash } : {}),
      neighbourMacHashes: network.neighbourMacHashes ?? [], ipv6Prefixes: network.ipv6Prefixes ?? [],
    },
    lanPeers: row.lan_peers, findings: row.findings, egress: row.egress,
  };
}

const toKey = (row: { seq: string; report_id: string }): CorrelationKey => ({ seq: Number(row.seq), reportId: row.report_id });

export function postgresCorrelation(pool: Pool, deviceInventory: InventoryStore['deviceInventory']): CorrelationStore {
  return {
    async latestCorrelationFacts() {
      const { rows } = await pool.query<Row>(`${SELECT}
        WHERE r.seq IN (SELECT (SELECT r2.seq FROM reports r2 WHERE r2.agent_id = a.id ORDER BY r2.received_at DESC, r2.seq DESC LIMIT 1)
          FROM agents a)
        ORDER BY r.received_at, r.seq`);
      return withEmployees(rows.map(toRow), deviceInventory);
    },

    async newestReportSeq() {
      const { rows: [row] } = await pool.query<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM reports');
      return Number(row!.seq);
    },

    async correlationKeysAfter(afterSeq, limit) {
      const { rows } = await pool.query<{ seq: string; report_id: string }>(
        'SELECT seq, report_id FROM reports WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
      return rows.map(toKey);
    },

    async correlationKeysAt(seqs) {
      if (seqs.length === 0) return [];
      const { rows } = await pool.query<{ seq: string; report_id: string }>(
        'SELECT seq, report_id FROM reports WHERE seq = ANY($1::bigint[]) ORDER BY seq', [seqs]);
      return rows.map(toKey);
    },

    async correlationFactsOf(reportIds) {
      if (reportIds.length === 0) return [];
      const { rows } = await pool.query<Row>(`${SELECT} WHERE r.report_id = ANY($1::text[]) ORDER BY r.seq`, [reportIds]);
      return withEmployees(rows.map(toRow), deviceInventory);
    },
  };
}
