// CorrelationStore on better-sqlite3: the facts are cut out of the archived report body by SQLite's
// JSON functions, so only the few fields the engine needs reach JavaScript.
import type { Database } from 'better-sqlite3';
import type { CorrelationKey, CorrelationRow, CorrelationStore } from '../correlation-store.js';
import { withEmployees } from '../correlation-store.js';
import type { Egress, InventoryStore } from '../inventory-store.js';

interface Row {
  seq: number;
  agent_id: string;
  report_id: string;
  received_at: string;
  hostname: string;
  serial: string | null;
  network: string;
  lan_peers: string;
  findings: string;
  egress: string | null;
}

const SELECT = `SELECT r.seq, r.agent_id, r.report_id, r.received_at,
    r.body ->> '$.host.hostname' AS hostname, r.body ->> '$.host.serial' AS serial,
    json_object('gatewayMacHash', r.body ->> '$.network.gatewayMacHash',
      'wifiBssidHash', r.body ->> '$.network.wifiBssidHash',
      'neighbourMacHashes', json(coalesce(r.body -> '$.network.neighbourMacHashes', '[]')),
      'ipv6Prefixes', json(coalesce(r.body -> '$.network.ipv6Prefixes', '[]'))) AS network,
    (SELECT json_group_array(p.id) FROM (SELECT DISTINCT lp.value ->> 'agentId' AS id
      FROM json_each(r.body, '$.lanPeers') lp) p JOIN agents ag ON ag.id = p.id) AS lan_peers,
    (SELECT json_group_array(json_object('signal', f.value ->> 'signal', 'category', f.value ->> 'category',
      'severity', f.value ->> 'severity', 'subject', f.value ->> 'subject') ORDER BY f.key)
      FROM json_each(r.body, '$.findings') f) AS findings,
    r.egress
  FROM reports r`;

function toRow(row: Row): CorrelationRow {
  const network = JSON.parse(row.network) as { gatewayMacHash: string | null; wifiBssidHash: string | null; neighbourMacHashes: string[]; ipv6Prefixes: string[] };
  return {
    seq: row.seq, agentId: row.agent_id, reportId: row.report_id, receivedAt: row.received_at, hostname: row.hostname, serial: row.serial,
    network: {
      ...(network.gatewayMacHash ? { gatewayMacHash: network.gatewayMacHash } : {}),
      ...(network.wifiBssidHash ? { wifiBssidHash: network.wifiBssidHash } : {}),
      neighbourMacHashes: network.neighbourMacHashes, ipv6Prefixes: network.ipv6Prefixes,
    },
    lanPeers: JSON.parse(row.lan_peers) as string[],
    findings: JSON.parse(row.findings) as CorrelationRow['findings'],
    egress: row.egress === null ? null : (JSON.parse(row.egress) as Egress),
  };
}

const toKey = (row: { seq: number; report_id: string }): CorrelationKey => ({ seq: row.seq, reportId: row.report_id });

export function sqliteCorrelation(db: Database, deviceInventory: InventoryStore['deviceInventory']): CorrelationStore {
  const keysAfter = db.prepare('SELECT seq, report_id FROM reports WHERE seq > ? ORDER BY seq LIMIT ?');
  const keysAt = db.prepare('SELECT seq, report_id FROM reports WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq');
  const newest = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM reports');
  const factsOf = db.prepare(`${SELECT} WHERE r.report_id IN (SELECT value FROM json_each(@ids)) ORDER BY r.seq`);
  return {
    async latestCorrelationFacts() {
      const rows = db.prepare(`${SELECT}
        WHERE r.seq IN (SELECT (SELECT r2.seq FROM reports r2 WHERE r2.agent_id = a.id ORDER BY r2.received_at DESC, r2.seq DESC LIMIT 1)
          FROM agents a)
        ORDER BY r.received_at, r.seq`).all() as Row[];
      return withEmployees(rows.map(toRow), deviceInventory);
    },

    async newestReportSeq() {
      return (newest.get() as { seq: number }).seq;
    },

    async correlationKeysAfter(afterSeq, limit) {
      return (keysAfter.all(afterSeq, limit) as { seq: number; report_id: string }[]).map(toKey);
    },

    async correlationKeysAt(seqs) {
      if (seqs.length === 0) return [];
      return (keysAt.all(JSON.stringify(seqs)) as { seq: number; report_id: string }[]).map(toKey);
    },

    async correlationFactsOf(reportIds) {
      if (reportIds.length === 0) return [];
      const rows = factsOf.all({ ids: JSON.stringify(reportIds) }) as Row[];
      return withEmployees(rows.map(toRow), deviceInventory);
    },
  };
}
