// A batch of reports stored on PostgreSQL in a handful of statements instead of four per report:
// on the ingest path the round trips to the server, not its work, set the pace. The outcome is
// the same as storing the reports one after another in the order given.
import type { PoolClient } from 'pg';
import type { Alert, RecordReportInput, RecordReportResult } from '../store.js';
import { insertAlert, updateAlert } from './operations.js';
import { toAlert, type AlertRow } from './rows.js';

/** Reports per INSERT: seven parameters each, within PostgreSQL's 65,535 per statement. */
const INSERT_ROWS = 1_000;
const ACTIVE_ALERTS = `SELECT * FROM alerts WHERE agent_id = ANY($1::text[]) AND status <> 'resolved' ORDER BY first_seen, id`;

export async function storeReports(db: PoolClient, inputs: readonly RecordReportInput[]): Promise<RecordReportResult[]> {
  if (!inputs.length) return [];
  // The batch's agents are locked in id order, so batches of other collectors or threads that
  // share agents wait for each other instead of deadlocking; each agent's reports take turns.
  const agentIds = [...new Set(inputs.map((i) => i.report.agentId))].sort();
  await db.query('SELECT 1 FROM agents WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE', [agentIds]);

  // In the order given, so positions (seq) follow it; of two with one report id, the first is stored.
  const inserted: { report_id: string; seq: string }[] = [];
  for (let from = 0; from < inputs.length; from += INSERT_ROWS) inserted.push(...await insertReports(db, inputs.slice(from, from + INSERT_ROWS)));
  const positions = new Map(inserted.map((row) => [row.report_id, Number(row.seq)]));

  const results = new Array<RecordReportResult>(inputs.length);
  const stored: { input: RecordReportInput; index: number; seq: number }[] = [];
  const seen: number[] = [];
  for (const [index, input] of inputs.entries()) {
    const seq = positions.get(input.report.reportId);
    if (seq === undefined) seen.push(index);
    else {
      positions.delete(input.report.reportId);
      stored.push({ input, index, seq });
    }
  }
  if (seen.length) {
    const { rows } = await db.query<{ report_id: string; agent_id: string }>('SELECT report_id, agent_id FROM reports WHERE report_id = ANY($1::text[])',
      [seen.map((i) => inputs[i]!.report.reportId)]);
    const owners = new Map(rows.map((row) => [row.report_id, row.agent_id]));
    for (const index of seen) {
      const { reportId, agentId } = inputs[index]!.report;
      results[index] = { outcome: owners.get(reportId) === agentId ? 'duplicate' : 'foreign_duplicate' };
    }
  }
  if (!stored.length) return results;

  // Each agent's row as its last stored report leaves it. PostgreSQL compares values, so
  // unchanged host facts leave the indexes alone (a HOT update).
  const latest = [...new Map(stored.map(({ input }) => [input.report.agentId, input])).values()];
  const column = <T>(pick: (input: RecordReportInput) => T) => latest.map(pick);
  await db.query(`UPDATE agents AS a SET hostname = u.hostname, platform = u.platform, agent_version = u.agent_version, serial = u.serial,
      hardware_uuid = u.hardware_uuid, os_release = u.os_release, arch = u.arch, manufacturer = u.manufacturer, model = u.model,
      last_seen_at = u.last_seen_at::timestamptz
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
      AS u (id, hostname, platform, agent_version, serial, hardware_uuid, os_release, arch, manufacturer, model, last_seen_at)
    WHERE a.id = u.id`, [
    column((i) => i.report.agentId), column((i) => i.report.host.hostname), column((i) => i.report.host.platform),
    column((i) => i.report.agentVersion), column((i) => i.report.host.serial ?? null), column((i) => i.report.host.hardwareUuid ?? null),
    column((i) => i.report.host.osRelease), column((i) => i.report.host.arch), column((i) => i.report.host.manufacturer ?? null),
    column((i) => i.report.host.model ?? null), column((i) => i.receivedAt),
  ]);

  // Alert rules per report, an agent's reports in order, each seeing the alerts the previous opened or updated.
  const active = new Map<string, Alert[]>();
  for (const row of (await db.query<AlertRow>(ACTIVE_ALERTS, [latest.map((i) => i.report.agentId)])).rows) {
    const alerts = active.get(row.agent_id!) ?? [];
    alerts.push(toAlert(row));
    active.set(row.agent_id!, alerts);
  }
  const remaining = new Map<string, number>();
  for (const { input } of stored) remaining.set(input.report.agentId, (remaining.get(input.report.agentId) ?? 0) + 1);
  stored.sort((a, b) => (a.input.report.agentId < b.input.report.agentId ? -1 : a.input.report.agentId > b.input.report.agentId ? 1 : a.index - b.index));
  for (const { input: { report, receivedAt, decideAlerts }, index, seq } of stored) {
    const { agentId } = report;
    const changes = decideAlerts({ agentId, findings: report.findings, seenAt: receivedAt, activeAlerts: active.get(agentId) ?? [] });
    for (const a of changes.open) await insertAlert(db, a);
    for (const u of changes.update) await updateAlert(db, u);
    const left = remaining.get(agentId)! - 1;
    remaining.set(agentId, left);
    if (left > 0 && (changes.open.length || changes.update.length)) {
      active.set(agentId, (await db.query<AlertRow>(ACTIVE_ALERTS, [[agentId]])).rows.map(toAlert));
    }
    results[index] = { outcome: 'stored', seq, alertsOpened: changes.open.length, alertsUpdated: changes.update.length };
  }
  return results;
}

/**
 * The findings column is cut from the text as sent, so evidence keep their order (jsonb sorts
 * keys). One parameter per value: a text array would escape every quote of every body.
 */
async function insertReports(db: PoolClient, inputs: readonly RecordReportInput[]): Promise<{ report_id: string; seq: string }[]> {
  const values = inputs.flatMap((i) => [i.report.reportId, i.report.agentId, i.receivedAt, i.report.scan.finishedAt,
    i.body ?? JSON.stringify(i.report), i.report.findings.length, i.egress ? JSON.stringify(i.egress) : null]);
  const rows = inputs.map((_, n) => `(${n}, ${Array.from({ length: 7 }, (_, c) => `$${n * 7 + c + 1}`).join(', ')})`);
  const { rows: inserted } = await db.query<{ report_id: string; seq: string }>(`
    INSERT INTO reports (report_id, agent_id, received_at, scanned_at, body, findings, finding_count, egress)
    SELECT r.report_id, r.agent_id, r.received_at::timestamptz, r.scanned_at, r.body::jsonb, r.body::json -> 'findings', r.finding_count::int, r.egress::json
    FROM (VALUES ${rows.join(', ')}) AS r (n, report_id, agent_id, received_at, scanned_at, body, finding_count, egress)
    ORDER BY r.n
    ON CONFLICT (report_id) DO NOTHING RETURNING report_id, seq`, values);
  return inserted;
}
