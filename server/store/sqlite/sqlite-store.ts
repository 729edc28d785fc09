// The Store on better-sqlite3. Calls are synchronous underneath; transactions are
// BEGIN IMMEDIATE so a second process (a CLI command) waits on the busy timeout instead of
// failing half-way.
import type { Database, Statement } from 'better-sqlite3';
import { statement } from './statements.js';
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
import { sqliteCompliance } from './compliance.js';
import { sqliteCorrelation } from './correlation.js';
import type { Checkpointer } from './checkpointer.js';
import type { WriteLock } from './write-lock.js';
import { sqliteInventory } from './inventory.js';
import { SqliteOperations } from './operations.js';
import { countSilentAgents } from './metrics.js';
import { SqliteOutputs } from './outputs.js';
import { sqliteTimeline } from './timeline.js';
import { sqliteAlertStats } from './alert-stats.js';
import type { AlertCountsQuery } from '../alert-stats-store.js';
import { sqliteUsers } from './users.js';
import type { Finding } from '../../../shared/index.js';
import {
  toAdminToken, toAlert, toDeviceSummary,
  type AdminTokenRow, type AlertRow, type DeviceSummaryRow,
} from './rows.js';

const DEVICE_SUMMARY_SELECT = `
  SELECT a.*, (SELECT COUNT(*) FROM alerts al WHERE al.agent_id = a.id AND al.status = 'open') AS open_alert_count,
    (SELECT COUNT(*) FROM reports r WHERE r.agent_id = a.id) AS report_count
  FROM agents a`;

export class SqliteStore implements Store {
  private readonly ops: SqliteOperations;

  readonly location: StoreLocation;

  /**
   * `writeLock`: the lock `db`'s write transactions hold (server/store/sqlite/write-lock.ts);
   * `checkpointer`: the WAL checkpoint worker to stop before closing (server/store/sqlite/checkpointer.ts).
   */
  constructor(private readonly db: Database, writeLock: WriteLock, private readonly checkpointer?: Checkpointer) {
    this.ops = new SqliteOperations(db);
    this.location = { kind: 'sqlite', file: db.name, writeLock: writeLock.buffer };
  }

  private sql(text: string): Statement {
    return statement(this.db, text);
  }

  async getSetting(key: SettingKey): Promise<string | undefined> {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  async setSetting(key: SettingKey, value: string): Promise<void> {
    this.sql(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
      .run(key, value, new Date().toISOString());
  }

  async initSetting(key: SettingKey, value: string): Promise<string> {
    return this.db.transaction(() => {
      this.sql('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
        .run(key, value, new Date().toISOString());
      return (this.sql('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
    }).immediate();
  }

  async createAgent(agent: NewAgent): Promise<void> {
    this.sql(`INSERT INTO agents (id, token_hash, hostname, platform, agent_version, serial, hardware_uuid, enrolled_at)
      VALUES (@agentId, @tokenHash, @hostname, @platform, @agentVersion, @serial, @hardwareUuid, @enrolledAt)`).run(agent);
  }

  async findAgentIdByTokenHash(tokenHash: string): Promise<string | undefined> {
    const row = this.sql('SELECT id FROM agents WHERE token_hash = ?').get(tokenHash) as { id: string } | undefined;
    return row?.id;
  }

  async knownAgentIds(agentIds: readonly string[]): Promise<Set<string>> {
    if (!agentIds.length) return new Set();
    const rows = this.sql('SELECT id FROM agents WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(agentIds)) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  async listDevices({ limit, offset }: PageQuery): Promise<Page<DeviceSummary>> {
    const rows = this.sql(`${DEVICE_SUMMARY_SELECT}
      ORDER BY COALESCE(a.last_seen_at, a.enrolled_at) DESC, a.id LIMIT ? OFFSET ?`).all(limit, offset) as DeviceSummaryRow[];
    const { total } = this.sql('SELECT COUNT(*) AS total FROM agents').get() as { total: number };
    return { items: rows.map(toDeviceSummary), total };
  }

  async getDevice(agentId: string): Promise<DeviceDetail | undefined> {
    const row = this.sql(`${DEVICE_SUMMARY_SELECT} WHERE a.id = ?`).get(agentId) as DeviceSummaryRow | undefined;
    if (!row) return undefined;
    const latest = this.sql(`SELECT report_id, received_at, scanned_at, finding_count, json_extract(body, '$.findings') AS findings
      FROM reports WHERE agent_id = ? ORDER BY received_at DESC, seq DESC LIMIT 1`).get(agentId) as
      { report_id: string; received_at: string; scanned_at: string; finding_count: number; findings: string } | undefined;
    return {
      device: toDeviceSummary(row),
      latestReport: latest
        ? {
          reportId: latest.report_id, receivedAt: latest.received_at, scannedAt: latest.scanned_at, findingCount: latest.finding_count,
          findings: JSON.parse(latest.findings) as Finding[],
        }
        : null,
    };
  }

  async recordReport(input: RecordReportInput): Promise<RecordReportResult> {
    return (await this.recordReports([input]))[0]!;
  }

  async recordReports(inputs: readonly RecordReportInput[]): Promise<RecordReportResult[]> {
    return this.db.transaction(() => inputs.map((input) => this.storeReport(input))).immediate();
  }

  /** One report of recordReports, inside its transaction. */
  private storeReport({ report, body, receivedAt, egress, decideAlerts }: RecordReportInput): RecordReportResult {
    const owner = this.sql('SELECT agent_id FROM reports WHERE report_id = ?').get(report.reportId) as { agent_id: string } | undefined;
    if (owner) return { outcome: owner.agent_id === report.agentId ? 'duplicate' : 'foreign_duplicate' };

    const { lastInsertRowid: seq } = this.sql(`INSERT INTO reports (report_id, agent_id, received_at, scanned_at, body, finding_count, egress)
      VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(report.reportId, report.agentId, receivedAt, report.scan.finishedAt, body ?? JSON.stringify(report), report.findings.length,
        egress ? JSON.stringify(egress) : null);

    const { host } = report;
    this.sql('UPDATE agents SET last_seen_at = ? WHERE id = ?').run(receivedAt, report.agentId);
    // Host facts rarely change: written only when they do, so the serial and hardware-UUID indexes stay untouched.
    this.sql(`UPDATE agents SET hostname = @hostname, platform = @platform, agent_version = @agentVersion, serial = @serial,
        hardware_uuid = @hardwareUuid, os_release = @osRelease, arch = @arch, manufacturer = @manufacturer, model = @model
      WHERE id = @id AND (hostname IS NOT @hostname OR platform IS NOT @platform OR agent_version IS NOT @agentVersion
        OR serial IS NOT @serial OR hardware_uuid IS NOT @hardwareUuid OR os_release IS NOT @osRelease OR arch IS NOT @arch
        OR manufacturer IS NOT @manufacturer OR model IS NOT @model)`)
      .run({
        id: report.agentId, hostname: host.hostname, platform: host.platform, agentVersion: report.agentVersion, serial: host.serial ?? null,
        hardwareUuid: host.hardwareUuid ?? null, osRelease: host.osRelease, arch: host.arch, manufacturer: host.manufacturer ?? null, model: host.model ?? null,
      });

    const activeAlerts = (this.sql(`SELECT * FROM alerts WHERE agent_id = ? AND status <> 'resolved'`)
      .all(report.agentId) as AlertRow[]).map(toAlert);
    const changes = decideAlerts({ agentId: report.agentId, findings: report.findings, seenAt: receivedAt, activeAlerts });

    for (const a of changes.open) this.ops.insertAlert(a);
    for (const u of changes.update) this.ops.updateAlert(u);
    return { outcome: 'stored', seq: Number(seq), alertsOpened: changes.open.length, alertsUpdated: changes.update.length };
  }

  async listAlerts(query: AlertQuery): Promise<Page<Alert>> {
    const filters: string[] = [];
    const params: Record<string, string> = {};
    const filterColumns = [
      ['status', 'status'], ['severity', 'severity'], ['signal', 'signal'], ['agentId', 'agent_id'], ['type', 'type'], ['assignee', 'assignee'],
    ] as const;
    for (const [field, column] of filterColumns) {
      const value = query[field];
      if (value === undefined) continue;
      filters.push(`${column} = @${field}`);
      params[field] = value;
    }
    if (query.since !== undefined) [filters[filters.length], params.since] = ['last_seen >= @since', query.since];
    if (query.until !== undefined) [filters[filters.length], params.until] = ['last_seen < @until', query.until];
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const order = `${ALERT_SORT_COLUMNS[query.sort ?? 'lastSeen']} ${query.order === 'asc' ? 'ASC' : 'DESC'}`;
    const rows = this.sql(`SELECT * FROM alerts ${where} ORDER BY ${order}, last_seen DESC, first_seen DESC, id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset }) as AlertRow[];
    const { total } = this.sql(`SELECT COUNT(*) AS total FROM alerts ${where}`).get(params) as { total: number };
    return { items: rows.map(toAlert), total };
  }

  async createAdminToken(token: NewAdminToken): Promise<void> {
    this.sql(`INSERT INTO admin_tokens (id, token_hash, role, label, created_at)
      VALUES (@id, @tokenHash, @role, @label, @createdAt)`).run(token);
  }

  async findAdminTokenByHash(tokenHash: string): Promise<AdminToken | undefined> {
    const row = this.sql('SELECT * FROM admin_tokens WHERE token_hash = ?').get(tokenHash) as AdminTokenRow | undefined;
    return row && toAdminToken(row);
  }

  async countActiveAdminTokens(): Promise<number> {
    return (this.sql('SELECT COUNT(*) AS n FROM admin_tokens WHERE revoked_at IS NULL').get() as { n: number }).n;
  }

  async revokeAdminTokens(role: AdminRole, keepId: string, revokedAt: string): Promise<number> {
    return this.sql('UPDATE admin_tokens SET revoked_at = ? WHERE role = ? AND id <> ? AND revoked_at IS NULL')
      .run(revokedAt, role, keepId).changes;
  }

  async listAdminTokens(): Promise<AdminToken[]> {
    return (this.sql('SELECT * FROM admin_tokens ORDER BY created_at, id').all() as AdminTokenRow[]).map(toAdminToken);
  }

  // Operations (server/store/operations.ts), implemented in ./operations.ts.
  async getAlert(id: string): Promise<AlertDetail | undefined> { return this.ops.getAlert(id); }
  async actOnAlert(id: string, action: AlertAction, actor: Actor, at: string): Promise<AlertActionResult> { return this.ops.actOnAlert(id, action, actor, at); }
  async raiseAlert(alert: NewAlert): Promise<RaiseAlertResult> { return this.ops.raiseAlert(alert); }
  async appendAudit(entry: NewAuditEntry): Promise<void> { this.ops.appendAudit(entry); }
  async listAudit(query: AuditQuery): Promise<Page<AuditEntry>> { return this.ops.listAudit(query); }
  async createSuppression(s: NewSuppression, actor: Actor): Promise<Suppression> { return this.ops.createSuppression(s, actor); }
  async deleteSuppression(id: string, actor: Actor, at: string): Promise<boolean> { return this.ops.deleteSuppression(id, actor, at); }
  async listSuppressions(query: PageQuery): Promise<Page<Suppression>> { return this.ops.listSuppressions(query); }
  async activeSuppressions(now: string): Promise<Suppression[]> { return this.ops.activeSuppressions(now); }
  async countSuppressed(ids: readonly string[], at: string): Promise<void> { this.ops.countSuppressed(ids, at); }
  async deleteExpiredSuppressions(now: string, actor: Actor): Promise<Suppression[]> { return this.ops.deleteExpiredSuppressions(now, actor); }
  async setPolicy(value: string, actor: Actor, at: string): Promise<void> { this.ops.setPolicy(value, actor, at); }
  async issueAdminTokenAs(token: NewAdminToken, actor: Actor): Promise<void> { this.ops.issueAdminTokenAs(token, actor); }
  async revokeAdminToken(id: string, actor: Actor, at: string): Promise<RevokeTokenResult> { return this.ops.revokeAdminToken(id, actor, at); }
  async findSilentAgents(cutoff: string): Promise<SilentAgent[]> { return this.ops.findSilentAgents(cutoff); }
  async findHardwareSiblings(agentId: string, serial: string | null, hardwareUuid: string | null): Promise<HardwareSibling[]> {
    return this.ops.findHardwareSiblings(agentId, serial, hardwareUuid);
  }
  async deleteReportsBefore(cutoff: string): Promise<number> { return this.ops.deleteReportsBefore(cutoff); }

  // Inventory, offices and egress: server/store/sqlite/inventory.ts.
  importInventory(...args: Parameters<InventoryStore['importInventory']>) { return sqliteInventory(this.db).importInventory(...args); }
  listInventory(...args: Parameters<InventoryStore['listInventory']>) { return sqliteInventory(this.db).listInventory(...args); }
  deviceInventory(...args: Parameters<InventoryStore['deviceInventory']>) { return sqliteInventory(this.db).deviceInventory(...args); }
  deviceContexts(...args: Parameters<InventoryStore['deviceContexts']>) { return sqliteInventory(this.db).deviceContexts(...args); }
  createOffice(...args: Parameters<InventoryStore['createOffice']>) { return sqliteInventory(this.db).createOffice(...args); }
  listOffices() { return sqliteInventory(this.db).listOffices(); }
  deleteOffice(...args: Parameters<InventoryStore['deleteOffice']>) { return sqliteInventory(this.db).deleteOffice(...args); }

  // Co-location facts per report: server/store/sqlite/correlation.ts.
  /** Created once: it prepares its statements. */
  #correlation: CorrelationStore | undefined;
  private get correlation(): CorrelationStore {
    return (this.#correlation ??= sqliteCorrelation(this.db, (d) => this.deviceInventory(d)));
  }
  latestCorrelationFacts() { return this.correlation.latestCorrelationFacts(); }
  newestReportSeq() { return this.correlation.newestReportSeq(); }
  correlationKeysAfter(...args: Parameters<CorrelationStore['correlationKeysAfter']>) { return this.correlation.correlationKeysAfter(...args); }
  correlationKeysAt(...args: Parameters<CorrelationStore['correlationKeysAt']>) { return this.correlation.correlationKeysAt(...args); }
  correlationFactsOf(...args: Parameters<CorrelationStore['correlationFactsOf']>) { return this.correlation.correlationFactsOf(...args); }

  // Compliance: server/store/sqlite/compliance.ts.
  latestReportsByDevice() { return sqliteCompliance(this.db).latestReportsByDevice(); }

  // Console users and sessions: server/store/sqlite/users.ts.
  private get users() { return sqliteUsers(this.db, (entry) => this.ops.appendAudit(entry)); }
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

  // A device's reports for the console: server/store/sqlite/timeline.ts.
  deviceTimeline(agentId: string, query: PageQuery) { return sqliteTimeline(this.db).deviceTimeline(agentId, query); }

  // Alert counts per day for the fleet overview: server/store/sqlite/alert-stats.ts.
  alertCounts(query: AlertCountsQuery) { return sqliteAlertStats(this.db).alertCounts(query); }

  // Scrape-time counts for GET /metrics: ./metrics.ts.
  async countSilentAgents(cutoff: string): Promise<number> { return countSilentAgents(this.db, cutoff); }

  // Alert outputs, delivery queue and log: server/store/sqlite/outputs.ts.
  private get outputs() { return new SqliteOutputs(this.db, (entry) => this.ops.appendAudit(entry)); }
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
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
