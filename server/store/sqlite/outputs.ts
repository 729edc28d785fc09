// OutputStore on better-sqlite3: output configs, the delivery queue and its log. SqliteStore calls
// these through thin methods; enqueueAlertChange runs inside the transaction that changes the alert.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { statement as sql } from './statements.js';
import { alertChanges, noticeAlertChange, noticeOutputsChanged } from '../../outputs/alert-changes.js';
import type { DeliveryAttempt, DeliveryLogQuery, PendingSummary, QueuedDelivery } from '../../outputs/queue.js';
import { storedAlertEvent } from '../../outputs/stored-alert-event.js';
import { AlertEvent, OutputConfig, outputsFor, redactOutputConfig, type AlertEventKind } from '../../outputs/types.js';
import type { Actor, NewAuditEntry } from '../operations.js';
import type { OutputsChange, OutputStore, StoredOutput } from '../output-store.js';
import { toAlert, type AlertRow } from './rows.js';

interface OutputRow { id: string; config: string; created_at: string; updated_at: string }
interface DeliveryRow {
  id: string; output_id: string; event: string; attempts: number; enqueued_at: string; next_attempt_at: string; last_error: string | null;
}
interface AttemptRow {
  delivery_id: string; output_id: string; event_id: string; alert_id: string; attempt: number; ok: number; status: number | null;
  error: string | null; duration_ms: number; at: string; next_attempt_at: string | null;
}

// Parsing a config is the costly part of an enqueue on the ingest path: parse each stored text once.
const parsedConfigs = new Map<string, OutputConfig>();
function parseConfig(text: string): OutputConfig {
  let config = parsedConfigs.get(text);
  if (!config) {
    config = OutputConfig.parse(JSON.parse(text));
    if (parsedConfigs.size > 1_000) parsedConfigs.clear();
    parsedConfigs.set(text, config);
  }
  return config;
}

const toStoredOutput = (row: OutputRow): StoredOutput => ({ config: parseConfig(row.config), createdAt: row.created_at, updatedAt: row.updated_at });

const toQueued = (row: DeliveryRow): QueuedDelivery => ({
  id: row.id, outputId: row.output_id, event: AlertEvent.parse(JSON.parse(row.event)), attempts: row.attempts,
  enqueuedAt: row.enqueued_at, nextAttemptAt: row.next_attempt_at, lastError: row.last_error,
});

const toAttempt = (row: AttemptRow): DeliveryAttempt => ({
  deliveryId: row.delivery_id, outputId: row.output_id, eventId: row.event_id, alertId: row.alert_id, attempt: row.attempt,
  ok: row.ok === 1, status: row.status, error: row.error, durationMs: row.duration_ms, at: row.at, nextAttemptAt: row.next_attempt_at,
});

function insertDelivery(db: Database, outputId: string, event: AlertEvent, at: string): boolean {
  return sql(db, `INSERT INTO deliveries (id, output_id, event_id, alert_id, event, enqueued_at, next_attempt_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (output_id, event_id) DO NOTHING`)
    .run(randomUUID(), outputId, event.eventId, event.alertId, JSON.stringify(event), at, at).changes === 1;
}

/**
 * Queues the change of alert `alertId` for every enabled output that wants it. Call it inside the
 * transaction that changed the alert, so the change and its deliveries commit together.
 */
export function enqueueAlertChange(db: Database, alertId: string, kind: AlertEventKind, at = new Date().toISOString()): void {
  const configs = (sql(db, 'SELECT * FROM outputs WHERE enabled = 1 ORDER BY id').all() as OutputRow[]).map((r) => parseConfig(r.config));
  // Reports update their open alerts all the time: without outputs, only openings (counted in metrics) need the alert.
  if (!configs.length && kind !== 'opened') return;
  const row = sql(db, 'SELECT * FROM alerts WHERE id = ?').get(alertId) as AlertRow | undefined;
  if (!row) throw new Error(`alert ${alertId} does not exist`);
  const alert = toAlert(row);
  let queued = 0;
  if (configs.length) {
    const event = storedAlertEvent(alert, kind);
    for (const config of outputsFor(configs, event)) if (insertDelivery(db, config.id, event, at)) queued += 1;
  }
  noticeAlertChange({ kind, type: alert.type, severity: alert.severity, queued });
}

export class SqliteOutputs implements OutputStore {
  constructor(private readonly db: Database, private readonly audit: (entry: NewAuditEntry) => void) {}

  private sql(text: string): Statement {
    return sql(this.db, text);
  }

  async listOutputs(): Promise<StoredOutput[]> {
    return (this.sql('SELECT * FROM outputs ORDER BY id').all() as OutputRow[]).map(toStoredOutput);
  }

  async getOutput(id: string): Promise<StoredOutput | undefined> {
    const row = this.sql('SELECT * FROM outputs WHERE id = ?').get(id) as OutputRow | undefined;
    return row && toStoredOutput(row);
  }

  async createOutput(config: OutputConfig, actor: Actor, at: string): Promise<boolean> {
    const created = this.db.transaction(() => {
      const { changes } = this.sql(`INSERT INTO outputs (id, type, enabled, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO NOTHING`).run(config.id, config.type, config.enabled ? 1 : 0, JSON.stringify(config), at, at);
      if (changes !== 1) return false;
      this.audit({ at, actor, action: 'output.create', targetType: 'output', targetId: config.id, before: null, after: redactOutputConfig(config) });
      return true;
    }).immediate();
    if (created) noticeOutputsChanged();
    return created;
  }

  async updateOutput(config: OutputConfig, actor: Actor, at: string): Promise<StoredOutput | undefined> {
    const updated = this.db.transaction(() => {
      const before = this.sql('SELECT * FROM outputs WHERE id = ?').get(config.id) as OutputRow | undefined;
      if (!before) return undefined;
      this.sql('UPDATE outputs SET type = ?, enabled = ?, config = ?, updated_at = ? WHERE id = ?')
        .run(config.type, config.enabled ? 1 : 0, JSON.stringify(config), at, config.id);
      this.audit({
        at, actor, action: 'output.update', targetType: 'output', targetId: config.id,
        before: redactOutputConfig(parseConfig(before.config)), after: redactOutputConfig(config),
      });
      return { config, createdAt: before.created_at, updatedAt: at };
    }).immediate();
    if (updated) noticeOutputsChanged();
    return updated;
  }

  async deleteOutput(id: string, actor: Actor, at: string): Promise<{ deleted: boolean; discarded: number }> {
    const result = this.db.transaction(() => {
      const before = this.sql('SELECT * FROM outputs WHERE id = ?').get(id) as OutputRow | undefined;
      if (!before) return { deleted: false, discarded: 0 };
      this.sql('DELETE FROM outputs WHERE id = ?').run(id);
      const discarded = this.discard(id);
      this.audit({
        at, actor, action: 'output.delete', targetType: 'output', targetId: id,
        before: redactOutputConfig(parseConfig(before.config)), after: { discardedDeliveries: discarded },
      });
      return { deleted: true, discarded };
    }).immediate();
    if (result.deleted) noticeOutputsChanged();
    return result;
  }

  async watchOutputs(listener: (change: OutputsChange) => void): Promise<() => Promise<void>> {
    const onChange = ({ queued }: { queued: number }) => {
      if (queued > 0) listener('deliveries');
    };
    const onOutputs = () => listener('outputs');
    alertChanges.on('change', onChange).on('outputs', onOutputs);
    return async () => {
      alertChanges.off('change', onChange).off('outputs', onOutputs);
    };
  }

  async enqueue(outputId: string, event: AlertEvent, at: string): Promise<QueuedDelivery> {
    insertDelivery(this.db, outputId, event, at);
    return toQueued(this.sql('SELECT * FROM deliveries WHERE output_id = ? AND event_id = ?').get(outputId, event.eventId) as DeliveryRow);
  }

  async nextDue(now: string, limit: number, outputIds?: readonly string[]): Promise<QueuedDelivery[]> {
    if (outputIds && !outputIds.length) return [];
    const only = outputIds ? `AND d.output_id IN (SELECT value FROM json_each(@outputs))` : '';
    // A pending delivery that is not due blocks every later one of its output (per-output order).
    const rows = this.sql(`SELECT d.* FROM deliveries d
      WHERE d.delivered_at IS NULL AND d.next_attempt_at <= @now ${only}
        AND NOT EXISTS (SELECT 1 FROM deliveries e
          WHERE e.output_id = d.output_id AND e.delivered_at IS NULL AND e.seq < d.seq AND e.next_attempt_at > @now)
      ORDER BY d.seq LIMIT @limit`).all({ now, limit, ...(outputIds ? { outputs: JSON.stringify(outputIds) } : {}) }) as DeliveryRow[];
    return rows.map(toQueued);
  }

  private logAttempt(attempt: DeliveryAttempt): void {
    this.sql(`INSERT INTO delivery_attempts (delivery_id, output_id, event_id, alert_id, attempt, ok, status, error, duration_ms, at, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(attempt.deliveryId, attempt.outputId, attempt.eventId, attempt.alertId, attempt.attempt, attempt.ok ? 1 : 0, attempt.status,
        attempt.error, attempt.durationMs, attempt.at, attempt.nextAttemptAt);
  }

  async markDelivered(id: string, attempt: DeliveryAttempt): Promise<void> {
    this.db.transaction(() => {
      this.sql('UPDATE deliveries SET delivered_at = ?, attempts = ?, last_error = NULL WHERE id = ? AND delivered_at IS NULL')
        .run(attempt.at, attempt.attempt, id);
      this.logAttempt(attempt);
    }).immediate();
  }

  async markFailed(id: string, attempt: DeliveryAttempt, nextAttemptAt: string): Promise<void> {
    this.db.transaction(() => {
      this.sql('UPDATE deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND delivered_at IS NULL')
        .run(attempt.attempt, nextAttemptAt, attempt.error, id);
      this.logAttempt(attempt);
    }).immediate();
  }

  async listAttempts(query: DeliveryLogQuery): Promise<{ items: DeliveryAttempt[]; total: number }> {
    const filters: string[] = [];
    const params: Record<string, string | number> = {};
    for (const [field, column] of [['outputId', 'output_id'], ['eventId', 'event_id'], ['alertId', 'alert_id']] as const) {
      const value = query[field];
      if (value === undefined) continue;
      filters.push(`${column} = @${field}`);
      params[field] = value;
    }
    if (query.ok !== undefined) {
      filters.push('ok = @ok');
      params.ok = query.ok ? 1 : 0;
    }
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT * FROM delivery_attempts ${where} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: query.limit, offset: query.offset }) as AttemptRow[];
      const { total } = this.sql(`SELECT COUNT(*) AS total FROM delivery_attempts ${where}`).get(params) as { total: number };
      return { items: rows.map(toAttempt), total };
    })();
  }

  async pendingSummary(): Promise<PendingSummary[]> {
    const rows = this.sql(`SELECT d.output_id, COUNT(*) AS pending, MIN(d.enqueued_at) AS oldest,
        h.next_attempt_at AS head_next, h.last_error AS head_error
      FROM deliveries d
      JOIN deliveries h ON h.seq = (SELECT MIN(seq) FROM deliveries x WHERE x.output_id = d.output_id AND x.delivered_at IS NULL)
      WHERE d.delivered_at IS NULL
      GROUP BY d.output_id ORDER BY d.output_id`).all() as
      { output_id: string; pending: number; oldest: string; head_next: string; head_error: string | null }[];
    return rows.map((r) => ({ outputId: r.output_id, pending: r.pending, oldestEnqueuedAt: r.oldest, nextAttemptAt: r.head_next, lastError: r.head_error }));
  }

  private discard(outputId: string): number {
    return this.sql('DELETE FROM deliveries WHERE output_id = ? AND delivered_at IS NULL').run(outputId).changes;
  }

  async pruneDeliveries(cutoff: string): Promise<{ deliveries: number; attempts: number }> {
    return this.db.transaction(() => ({
      deliveries: this.sql('DELETE FROM deliveries WHERE delivered_at IS NOT NULL AND delivered_at < ?').run(cutoff).changes,
      attempts: this.sql('DELETE FROM delivery_attempts WHERE at < ?').run(cutoff).changes,
    })).immediate();
  }

  async discardOutput(outputId: string): Promise<number> {
    return this.discard(outputId);
  }
}
