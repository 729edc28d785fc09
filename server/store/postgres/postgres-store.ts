// The Store on a pg Pool. Behaves like the SQLite store: the same transactions, ordering and
// outcomes. Reports of one agent take turns on the agent's row lock (SQLite has one write lock),
// so concurrent reports for the same device and signal update one alert instead of racing to open two.
import type { Pool } from 'pg';
import type { Finding } from '../../../shared/index.js';
import type {
  Actor, AlertAction, AlertActionResult, AlertDetail, AuditEntry, AuditQuery, HardwareSibling, NewAuditEntry, NewSuppression,
  RaiseAlertResult, RevokeTokenResult, SilentAgent, Suppression,
} from '../operations.js';
import type {
  AdminRole, AdminToken, Alert, AlertQuery, DeviceDetail, DeviceSummary, NewAdminToken, NewAgent, NewAlert,
  Page, PageQuery, RecordReportInput, RecordReportResult, SettingKey, Store, StoreLocation,
} from '../store.js';
import type { CorrelationStore } from '../correlation-store.js';
import type { InventoryStore } from '../inventory-store.js';
import { ALERT_SORT_COLUMNS } from '../store.js';
import type { OutputStore } from '../output-store.js';
import type { UserStore } from '../user-store.js';
import { postgresCompliance } from './compliance.js';
import { postgresCorrelation } from './correlation.js';
import { postgresInventory } from './inventory.js';
import { postgresTimeline } from './timeline.js';
import { postgresAlertStats } from './alert-stats.js';
import type { AlertCountsQuery } from '../alert-stats-store.js';
import { postgresUsers } from './users.js';
import { PostgresOperations, appendAudit } from './operations.js';
import { countSilentAgents } from './metrics.js';
import { PostgresOutputs } from './outputs.js';
import {
  toAdminToken, toAlert, toDeviceSummary,
  type AdminTokenRow, type AlertRow, type DeviceSummaryRow, type ReportSummaryRow,
} from './rows.js';
import { storeReports } from './record-reports.js';
import { SNAPSHOT, withTransaction } from './transaction.js';

const DEVICE_SUMMARY_SELECT = `
  SELECT a.*, (SELECT COUNT(*) FROM alerts al WHERE al.agent_id = a.id AND al.status = 'open')::int AS open_alert_count,
    (SELECT COUNT(*) FROM reports r WHERE r.agent_id = a.id)::int AS report_count
  FROM agents a`;

export class PostgresStore implements Store {
  readonly location: StoreLocation;

  private closed = false;
  private readonly ops: PostgresOperations;

  /** `url`: the connection URL the pool was opened with (schema included), for other threads. */
  constructor(private readonly pool: Pool, url: string) {
    this.location = { kind: 'postgres', url };
    this.ops = new PostgresOperations(pool);
  }

  async getSetting(key: SettingKey): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setSetting(key: SettingKey, value: string): Promise<void> {
    await this.pool.query(`INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [key, value, new Date().toISOString()]);
  }

  async initSetting(key: SettingKey, value: string): Promise<string> {
    return withTransaction(this.pool, async (db) => {
      // Waits for a concurrent insert of the same key to commit, then reads the winner's value.
      await db.query('INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING',
        [key, value, new Date().toISOString()]);
      const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
      return rows[0]!.value;
    });
  }

  async createAgent(agent: NewAgent): Promise<void> {
    await this.pool.query(`INSERT INTO agents (id, token_hash, hostname, platform, agent_version, serial, hardware_uuid, enrolled_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [agent.agentId, agent.tokenHash, agent.hostname, agent.platform, agent.agentVersion, agent.serial, agent.hardwareUuid, agent.enrolledAt]);
  }

  async findAgentIdByTokenHash(tokenHash: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM agents WHERE token_hash = $1', [tokenHash]);
    return rows[0]?.id;
  }

  async knownAgentIds(agentIds: readonly string[]): Promise<Set<string>> {
    if (!agentIds.length) return new Set();
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM agents WHERE id = ANY($1::text[])', [agentIds]);
    return new Set(rows.map((r) => r.id));
  }

  async listDevices({ limit, offset }: PageQuery): Promise<Page<DeviceSummary>> {
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<DeviceSummaryRow>(`${DEVICE_SUMMARY_SELECT}
        ORDER BY COALESCE(a.last_seen_at, a.enrolled_at) DESC, a.id LIMIT $1 OFFSET $2`, [limit, offset]);
      const { rows: [count] } = await db.query<{ total: number }>('SELECT COUNT(*)::int AS total FROM agents');
      return { items: rows.map(toDeviceSummary), total: count!.total };
    }, SNAPSHOT);
  }

  async getDevice(agentId: string): Promise<DeviceDetail | undefined> {
    return withTransaction(this.pool, async (db) => {
      const { rows: [row] } = await db.query<DeviceSummaryRow>(`${DEVICE_SUMMARY_SELECT} WHERE a.id = $1`, [agentId]);
      if (!row) return undefined;
      const { rows: [latest] } = await db.query<ReportSummaryRow & { findings: Finding[] }>(`SELECT report_id, received_at, scanned_at,
          finding_count, findings
        FROM reports WHERE agent_id = $1 ORDER BY received_at DESC, seq DESC LIMIT 1`, [agentId]);
      return {
        device: toDeviceSummary(row),
        latestReport: latest
          ? {
            reportId: latest.report_id, receivedAt: latest.received_at.toISOString(), scannedAt: latest.scanned_at,
            findingCount: latest.finding_count, findings: latest.findings,
          }
          : null,
      };
    }, SNAPSHOT);
  }

  async recordReport(input: RecordReportInput): Promise<RecordReportResult> {
    return (await this.recordReports([input]))[0]!;
  }

  async recordReports(inputs: readonly RecordReportInput[]): Promise<RecordReportResult[]> {
    return withTransaction(this.pool, (db) => storeReports(db, inputs));
  }

  async listAlerts(query: AlertQuery): Promise<Page<Alert>> {
    const filters: string[] = [];
    const values: string[] = [];
    const filterColumns = [
      ['status', 'status'], ['severity', 'severity'], ['signal', 'signal'], ['agentId', 'agent_id'], ['type', 'type'], ['assignee', 'assignee'],
    ] as const;
    for (const [field, column] of filterColumns) {
      const value = query[field];
      if (value === undefined) continue;
      values.push(value);
      filters.push(`${column} = $${values.length}`);
    }
    for (const [bound, condition] of [[query.since, '>='], [query.until, '<']] as const) {
      if (bound === undefined) continue;
      values.push(bound);
      filters.push(`last_seen ${condition} $${values.length}`);
    }
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const order = `${ALERT_SORT_COLUMNS[query.sort ?? 'lastSeen']} ${query.order === 'asc' ? 'ASC' : 'DESC'}`;
    const page = values.length;
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<AlertRow>(`SELECT * FROM alerts ${where}
        ORDER BY ${order}, last_seen DESC, first_seen DESC, id LIMIT $${page + 1} OFFSET $${page + 2}`, [...values, query.limit, query.offset]);
      const { rows: [count] } = await db.query<{ total: number }>(`SELECT COUNT(*)::int AS total FROM alerts ${where}`, values);
      return { items: rows.map(toAlert), total: count!.total };
    }, SNAPSHOT);
  }

  async createAdminToken(token: NewAdminToken): Promise<void> {
    await this.pool.query('INSERT INTO admin_tokens (id, token_hash, role, label, created_at) VALUES ($1, $2, $3, $4, $5)',
      [token.id, token.tokenHash, token.role, token.label, token.createdAt]);
  }

  async findAdminTokenByHash(tokenHash: string): Promise<AdminToken | undefined> {
    const { rows: [row] } = await this.pool.query<AdminTokenRow>('SELECT * FROM admin_tokens WHERE token_hash = $1', [tokenHash]);
    return row && toAdminToken(row);
  }

  async countActiveAdminTokens(): Promise<number> {
    const { rows: [row] } = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM admin_tokens WHERE revoked_at IS NULL');
    return row!.n;
  }

  async revokeAdminTokens(role: AdminRole, keepId: string, revokedAt: string): Promise<number> {
    const { rowCount } = await this.pool.query('UPDATE admin_tokens SET revoked_at = $1 WHERE role = $2 AND id <> $3 AND revoked_at IS NULL',
      [revokedAt, role, keepId]);
    return rowCount ?? 0;
  }

  async listAdminTokens(): Promise<AdminToken[]> {
    const { rows } = await this.pool.query<AdminTokenRow>('SELECT * FROM admin_tokens ORDER BY created_at, id');
    return rows.map(toAdminToken);
  }

  // Operations (server/store/operations.ts), implemented in ./operations.ts.
  getAlert(id: string): Promise<AlertDetail | undefined> { return this.ops.getAlert(id); }
  actOnAlert(id: string, action: AlertAction, actor: Actor, at: string): Promise<AlertActionResult> { return this.ops.actOnAlert(id, action, actor, at); }
  raiseAlert(alert: NewAlert): Promise<RaiseAlertResult> { return this.ops.raiseAlert(alert); }
  appendAudit(entry: NewAuditEntry): Promise<void> { return this.ops.appendAudit(entry); }
  listAudit(query: AuditQuery): Promise<Page<AuditEntry>> { return this.ops.listAudit(query); }
  createSuppression(s: NewSuppression, actor: Actor): Promise<Suppression> { return this.ops.createSuppression(s, actor); }
  deleteSuppression(id: string, actor: Actor, at: string): Promise<boolean> { return this.ops.deleteSuppression(id, actor, at); }
  listSuppressions(query: PageQuery): Promise<Page<Suppression>> { return this.ops.listSuppressions(query); }
  activeSuppressions(now: string): Promise<Suppression[]> { return this.ops.activeSuppressions(now); }
  countSuppressed(ids: readonly string[], at: string): Promise<void> { return this.ops.countSuppressed(ids, at); }
  deleteExpiredSuppressions(now: string, actor: Actor): Promise<Suppression[]> { return this.ops.deleteExpiredSuppressions(now, actor); }
  setPolicy(value: string, actor: Actor, at: string): Promise<void> { return this.ops.setPolicy(value, actor, at); }
  issueAdminTokenAs(token: NewAdminToken, actor: Actor): Promise<void> { return this.ops.issueAdminTokenAs(token, actor); }
  revokeAdminToken(id: string, actor: Actor, at: string): Promise<RevokeTokenResult> { return this.ops.revokeAdminToken(id, actor, at); }
  findSilentAgents(cutoff: string): Promise<SilentAgent[]> { return this.ops.findSilentAgents(cutoff); }
  findHardwareSiblings(agentId: string, serial: string | null, hardwareUuid: string | null): Promise<HardwareSibling[]> {
    return this.ops.findHardwareSiblings(agentId, serial, hardwareUuid);
  }
  deleteReportsBefore(cutoff: string): Promise<number> { return this.ops.deleteReportsBefore(cutoff); }

  // Inventory, offices and egress: server/store/postgres/inventory.ts.
  importInventory(...args: Parameters<InventoryStore['importInventory']>) { return postgresInventory(this.pool).importInventory(...args); }
  listInventory(...args: Parameters<InventoryStore['listInventory']>) { return postgresInventory(this.pool).listInventory(...args); }
  deviceInventory(...args: Parameters<InventoryStore['deviceInventory']>) { return postgresInventory(this.pool).deviceInventory(...args); }
  deviceContexts(...args: Parameters<InventoryStore['deviceContexts']>) { return postgresInventory(this.pool).deviceContexts(...args); }
  createOffice(...args: Parameters<InventoryStore['createOffice']>) { return postgresInventory(this.pool).createOffice(...args); }
  listOffices() { return postgresInventory(this.pool).listOffices(); }
  deleteOffice(...args: Parameters<InventoryStore['deleteOffice']>) { return postgresInventory(this.pool).deleteOffice(...args); }

  // Co-location facts per report: server/store/postgres/correlation.ts.
  #correlation: CorrelationStore | undefined;
  private get correlation(): CorrelationStore {
    return (this.#correlation ??= postgresCorrelation(this.pool, (d) => this.deviceInventory(d)));
  }
  latestCorrelationFacts() { return this.correlation.latestCorrelationFacts(); }
  newestReportSeq() { return this.correlation.newestReportSeq(); }
  correlationKeysAfter(...args: Parameters<CorrelationStore['correlationKeysAfter']>) { return this.correlation.correlationKeysAfter(...args); }
  correlationKeysAt(...args: Parameters<CorrelationStore['correlationKeysAt']>) { return this.correlation.correlationKeysAt(...args); }
  correlationFactsOf(...args: Parameters<CorrelationStore['correlationFactsOf']>) { return this.correlation.correlationFactsOf(...args); }

  // Compliance: server/store/postgres/compliance.ts.
  latestReportsByDevice() { return postgresCompliance(this.pool).latestReportsByDevice(); }

  // Console users and sessions: server/store/postgres/users.ts.
  private get users() { return postgresUsers(this.pool); }
  countUsers() { return this.users.countUsers(); }
  createUser(...args: Parameters<UserStore['createUser']>) { return this.users.createUser(...args); }
  listUsers() { return this.users.listUsers(); }
  findUserByUsername(username: string) { return this.users.findUserByUsername(username); }
  deleteUser(...args: Parameters<UserStore['deleteUser']>) { return this.users.deleteUser(...args); }
  updateUser(...args: Parameters<UserStore['updateUser']>) { return this.users.updateUser(...args); }
  createSession(...args: Parameters<UserStore['createSession']>) { return this.users.createSession(...args); }
  findSession(idHash: string, now: string) { return this.users.findSession(idHash, now); }
  deleteSession(idHash: string) { return this.users.deleteSession(idHash); }
  deleteExpiredSessions(now: string) { return this.users.deleteExpiredSessions(now); }

  // A device's reports for the console: server/store/postgres/timeline.ts.
  deviceTimeline(agentId: string, query: PageQuery) { return postgresTimeline(this.pool).deviceTimeline(agentId, query); }

  // Alert counts per day for the fleet overview: server/store/postgres/alert-stats.ts.
  alertCounts(query: AlertCountsQuery) { return postgresAlertStats(this.pool).alertCounts(query); }

  // Scrape-time counts for GET /metrics: ./metrics.ts.
  countSilentAgents(cutoff: string): Promise<number> { return countSilentAgents(this.pool, cutoff); }

  // Alert outputs, delivery queue and log: server/store/postgres/outputs.ts.
  private get outputs() { return new PostgresOutputs(this.pool, appendAudit); }
  listOutputs() { return this.outputs.listOutputs(); }
  getOutput(...args: Parameters<OutputStore['getOutput']>) { return this.outputs.getOutput(...args); }
  createOutput(...args: Parameters<OutputStore['createOutput']>) { return this.outputs.createOutput(...args); }
  updateOutput(...args: Parameters<OutputStore['updateOutput']>) { return this.outputs.updateOutput(...args); }
  deleteOutput(...args: Parameters<OutputStore['deleteOutput']>) { return this.outputs.deleteOutput(...args); }
  watchOutputs(...args: Parameters<OutputStore['watchOutputs']>) { return this.outputs.watchOutputs(...args); }
  enqueue(...args: Parameters<OutputStore['enqueue']>) { return this.outputs.enqueue(...args); }
  nextDue(...args: Parameters<OutputStore['nextDue']>) { return this.outputs.nextDue(...args); }
  markDelivered(...args: Parameters<OutputStore['markDelivered']>) { return this.outputs.markDelivered(...args); }
  markFailed(...args: Parameters<OutputStore['markFailed']>) { return this.outputs.markFailed(...args); }
  listAttempts(...args: Parameters<OutputStore['listAttempts']>) { return this.outputs.listAttempts(...args); }
  pendingSummary() { return this.outputs.pendingSummary(); }
  discardOutput(...args: Parameters<OutputStore['discardOutput']>) { return this.outputs.discardOutput(...args); }
  pruneDeliveries(cutoff: string) { return this.outputs.pruneDeliveries(cutoff); }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

