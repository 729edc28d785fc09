// CorrelationStore on better-sqlite3: the facts are cut out of the archived report body by SQLite's
// JSON functions, so only the few fields the engine needs reach JavaScript.
import type { Database } from 'better-sqlite3';
import type { CorrelationKey, CorrelationRow, CorrelationStore, ReportCursor } from '../correlation-store.js';
import { withEmployees } from '../correlation-store.js';
import type { Egress, InventoryStore } from '../inventory-store.js';

interface Row {
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

const SELECT = `SELECT r.agent_id, r.report_id, r.received_at,
    json_extract(r.body, '$.host.hostname') AS hostname, json_extract(r.body, '$.host.serial') AS serial,
    json_object('gatewayMacHash', json_extract(r.body, '$.network.gatewayMacHash'),
      'wifiBssidHash', json_extract(r.body, '$.network.wifiBssidHash'),
      'neighbourMacHashes', json(coalesce(json_extract(r.body, '$.network.neighbourMacHashes'), '[]')),
      'ipv6Prefixes', json(coalesce(json_extract(r.body, '$.network.ipv6Prefixes'), '[]'))) AS network,
    (SELECT json_group_array(p.id) FROM (SELECT DISTINCT json_extract(lp.value, '$.agentId') AS id
      FROM json_each(r.body, '$.lanPeers') lp) p JOIN agents ag ON ag.id = p.id) AS lan_peers,
    (SELECT json_group_array(json_object('signal', f.signal, 'category', f.category, 'severity', f.severity, 'subject', f.subject))
      FROM findings f WHERE f.report_id = r.report_id) AS findings,
    e.egress
  FROM reports r LEFT JOIN report_egress e ON e.report_id = r.report_id`;

function toRow(row: Row): CorrelationRow {
  const network = JSON.parse(row.network) as { gatewayMacHash: string | null; wifiBssidHash: string | null; neighbourMacHashes: string[]; ipv6Prefixes: string[] };
  return {
    agentId: row.agent_id, reportId: row.report_id, receivedAt: row.received_at, hostname: row.hostname, serial: row.serial,
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

export function sqliteCorrelation(db: Database, deviceContexts: InventoryStore['deviceContexts']): CorrelationStore {
  const keysAfter = db.prepare(`SELECT r.report_id, r.received_at, e.report_id IS NOT NULL AS has_egress
    FROM reports r LEFT JOIN report_egress e ON e.report_id = r.report_id
    WHERE r.received_at >= @receivedAt AND (r.received_at > @receivedAt OR r.report_id > @reportId)
    ORDER BY r.received_at, r.report_id LIMIT @limit`);
  const factsOf = db.prepare(`${SELECT} WHERE r.report_id IN (SELECT value FROM json_each(@ids)) ORDER BY r.received_at, r.report_id`);
  return {
    async latestCorrelationFacts() {
      const rows = db.prepare(`${SELECT}
        WHERE r.rowid IN (SELECT (SELECT r2.rowid FROM reports r2 WHERE r2.agent_id = a.id ORDER BY r2.received_at DESC, r2.rowid DESC LIMIT 1)
          FROM agents a)
        ORDER BY r.received_at, r.report_id`).all() as Row[];
      return withEmployees(rows.map(toRow), deviceContexts);
    },

    async correlationFactsAfter(after: ReportCursor, limit: number) {
      const rows = db.prepare(`${SELECT}
        WHERE r.received_at >= @receivedAt AND (r.received_at > @receivedAt OR r.report_id > @reportId)
        ORDER BY r.received_at, r.report_id LIMIT @limit`).all({ ...after, limit }) as Row[];
      return withEmployees(rows.map(toRow), deviceContexts);
    },

    async correlationKeysAfter(after: ReportCursor, limit: number): Promise<CorrelationKey[]> {
      const rows = keysAfter.all({ ...after, limit }) as { report_id: string; received_at: string; has_egress: number }[];
      return rows.map((r) => ({ reportId: r.report_id, receivedAt: r.received_at, hasEgress: r.has_egress === 1 }));
    },

    async correlationFactsOf(reportIds: readonly string[]) {
      if (reportIds.length === 0) return [];
      const rows = factsOf.all({ ids: JSON.stringify(reportIds) }) as Row[];
      return withEmployees(rows.map(toRow), deviceContexts);
    },
  };
}
