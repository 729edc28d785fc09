// OutputStore on PostgreSQL, behaving like the SQLite one (../sqlite/outputs.ts). Queued
// deliveries and output changes are announced with NOTIFY, which PostgreSQL delivers on commit to
// every listening collector, so the leader's dispatcher wakes whichever collector took the report.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { alertChanges, noticeAlertChange } from '../../outputs/alert-changes.js';
import type { DeliveryAttempt, DeliveryLogQuery, PendingSummary, QueuedDelivery } from '../../outputs/queue.js';
import { storedAlertEvent } from '../../outputs/stored-alert-event.js';
import { AlertEvent, OutputConfig, outputsFor, redactOutputConfig, type AlertEventKind } from '../../outputs/types.js';
import type { Actor, NewAuditEntry } from '../operations.js';
import type { OutputsChange, OutputStore, StoredOutput } from '../output-store.js';
import { toAlert, type AlertRow } from './rows.js';
import { SNAPSHOT, withTransaction } from './transaction.js';

type Db = Pool | PoolClient;

export const OUTPUTS_CHANNEL = 'farmwatch_outputs';

interface OutputRow { id: string; config: unknown; created_at: Date; updated_at: Date }
interface DeliveryRow {
  id: string; output_id: string; event: unknown; attempts: number; enqueued_at: Date; next_attempt_at: Date; last_error: string | null;
}
interface AttemptRow {
  delivery_id: string; output_id: string; event_id: string; alert_id: string; attempt: number; ok: boolean; status: number | null;
  error: string | null; duration_ms: number; at: Date; next_attempt_at: Date | null;
}

const toStoredOutput = (row: OutputRow): StoredOutput => ({
  config: OutputConfig.parse(row.config), createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

const toQueued = (row: DeliveryRow): QueuedDelivery => ({
  id: row.id, outputId: row.output_id, event: AlertEvent.parse(row.event), attempts: row.attempts,
  enqueuedAt: row.enqueued_at.toISOString(), nextAttemptAt: row.next_attempt_at.toISOString(), lastError: row.last_error,
});

const toAttempt = (row: AttemptRow): DeliveryAttempt => ({
  deliveryId: row.delivery_id, outputId: row.output_id, eventId: row.event_id, alertId: row.alert_id, attempt: row.attempt,
  ok: row.ok, status: row.status, error: row.error, durationMs: row.duration_ms, at: row.at.toISOString(),
  nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
});

async function insertDelivery(db: Db, outputId: string, event: AlertEvent, at: string): Promise<boolean> {
  const { rowCount } = await db.query(`INSERT INTO deliveries (id, output_id, event_id, alert_id, event, enqueued_at, next_attempt_at)
    VALUES ($1, $2, $3, $4, $5::json, $6, $6) ON CONFLICT (output_id, event_id) DO NOTHING`,
  [randomUUID(), outputId, event.eventId, event.alertId, JSON.stringify(event), at]);
  return rowCount === 1;
}

const notify = (db: Db, change: OutputsChange) => db.query('SELECT pg_notify($1, $2)', [OUTPUTS_CHANNEL, change]);

/**
 * Queues the change of alert `alertId` for every enabled output that wants it. Call it with the
 * client of the transaction that changed the alert, so the change and its deliveries commit together.
 */
export async function enqueueAlertChange(db: Db, alertId: string, kind: AlertEventKind, at = new Date().toISOString()): Promise<void> {
  const { rows } = await db.query<{ config: unknown }>('SELECT config FROM outputs WHERE enabled ORDER BY id');
  // Reports update their open alerts all the time: without outputs, only openings (counted in metrics) need the alert.
  if (!rows.length && kind !== 'opened') return;
  const { rows: [row] } = await db.query<AlertRow>('SELECT * FROM alerts WHERE id = $1', [alertId]);
  if (!row) throw new Error(`alert ${alertId} does not exist`);
  const alert = toAlert(row);
  let queued = 0;
  if (rows.length) {
    const event = storedAlertEvent(alert, kind);
    for (const config of outputsFor(rows.map((r) => OutputConfig.parse(r.config)), event)) {
      if (await insertDelivery(db, config.id, event, at)) queued += 1;
    }
    if (queued) await notify(db, 'deliveries');
  }
  noticeAlertChange({ kind, type: alert.type, severity: alert.severity, queued });
}

export class PostgresOutputs implements OutputStore {
  constructor(private readonly pool: Pool, private readonly audit: (db: Db, entry: NewAuditEntry) => Promise<void>) {}

  async listOutputs(): Promise<StoredOutput[]> {
    const { rows } = await this.pool.query<OutputRow>('SELECT * FROM outputs ORDER BY id');
    return rows.map(toStoredOutput);
  }

  async getOutput(id: string): Promise<StoredOutput | undefined> {
    const { rows: [row] } = await this.pool.query<OutputRow>('SELECT * FROM outputs WHERE id = $1', [id]);
    return row && toStoredOutput(row);
  }

  async createOutput(config: OutputConfig, actor: Actor, at: string): Promise<boolean> {
    return withTransaction(this.pool, async (db) => {
      const { rowCount } = await db.query(`INSERT INTO outputs (id, type, enabled, config, created_at, updated_at)
        VALUES ($1, $2, $3, $4::json, $5, $5) ON CONFLICT (id) DO NOTHING`, [config.id, config.type, config.enabled, JSON.stringify(config), at]);
      if (rowCount !== 1) return false;
      await this.audit(db, { at, actor, action: 'output.create', targetType: 'output', targetId: config.id, before: null, after: redactOutputConfig(config) });
      await notify(db, 'outputs');
      return true;
    });
  }

  async updateOutput(config: OutputConfig, actor: Actor, at: string): Promise<StoredOutput | undefined> {
    return withTransaction(this.pool, async (db) => {
      const { rows: [before] } = await db.query<OutputRow>('SELECT * FROM outputs WHERE id = $1 FOR UPDATE', [config.id]);
      if (!before) return undefined;
      await db.query('UPDATE outputs SET type = $1, enabled = $2, config = $3::json, updated_at = $4 WHERE id = $5',
        [config.type, config.enabled, JSON.stringify(config), at, config.id]);
      await this.audit(db, {
        at, actor, action: 'output.update', targetType: 'output', targetId: config.id,
        before: redactOutputConfig(OutputConfig.parse(before.config)), after: redactOutputConfig(config),
      });
      await notify(db, 'outputs');
      return { config, createdAt: before.created_at.toISOString(), updatedAt: at };
    });
  }

  async deleteOutput(id: string, actor: Actor, at: string): Promise<{ deleted: boolean; discarded: number }> {
    return withTransaction(this.pool, async (db) => {
      const { rows: [before] } = await db.query<OutputRow>('DELETE FROM outputs WHERE id = $1 RETURNING *', [id]);
      if (!before) return { deleted: false, discarded: 0 };
      const discarded = await this.discard(db, id);
      await this.audit(db, {
        at, actor, action: 'output.delete', targetType: 'output', targetId: id,
        before: redactOutputConfig(OutputConfig.parse(before.config)), after: { discardedDeliveries: discarded },
      });
      await notify(db, 'outputs');
      return { deleted: true, discarded };
    });
  }

  async watchOutputs(listener: (change: OutputsChange) => void): Promise<() => Promise<void>> {
    // This process's own changes arrive through NOTIFY like everyone else's; in-process notices are
    // only a fallback while the listening connection is down.
    let client: PoolClient | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const onNotice = ({ queued }: { queued: number }) => {
      if (!client && queued > 0) listener('deliveries');
    };
    alertChanges.on('change', onNotice);
    const connect = async () => {
      try {
        const connection = await this.pool.connect();
        connection.on('notification', (message) => {
          if (message.channel === OUTPUTS_CHANNEL) listener(message.payload === 'outputs' ? 'outputs' : 'deliveries');
        });
        connection.on('error', (error) => {
          if (client === connection) client = undefined;
          connection.release(error);
          if (!stopped) retry = setTimeout(() => void connect(), 1_000).unref();
        });
        await connection.query(`LISTEN ${OUTPUTS_CHANNEL}`);
        if (stopped) connection.release();
        else client = connection;
      } catch {
        if (!stopped) retry = setTimeout(() => void connect(), 1_000).unref();
      }
    };
    await connect();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      alertChanges.off('change', onNotice);
      const connection = client;
      client = undefined;
      if (connection) {
        await connection.query(`UNLISTEN ${OUTPUTS_CHANNEL}`).catch(() => undefined);
        connection.release();
      }
    };
  }

  async enqueue(outputId: string, event: AlertEvent, at: string): Promise<QueuedDelivery> {
    if (await insertDelivery(this.pool, outputId, event, at)) await notify(this.pool, 'deliveries');
    const { rows: [row] } = await this.pool.query<DeliveryRow>('SELECT * FROM deliveries WHERE output_id = $1 AND event_id = $2', [outputId, event.eventId]);
    return toQueued(row!);
  }

  async nextDue(now: string, limit: number, outputIds?: readonly string[]): Promise<QueuedDelivery[]> {
    if (outputIds && !outputIds.length) return [];
    // A pending delivery that is not due blocks every later one of its output (per-output order).
    const { rows } = await this.pool.query<DeliveryRow>(`SELECT d.* FROM deliveries d
      WHERE d.delivered_at IS NULL AND d.next_attempt_at <= $1 AND ($3::text[] IS NULL OR d.output_id = ANY($3::text[]))
        AND NOT EXISTS (SELECT 1 FROM deliveries e
          WHERE e.output_id = d.output_id AND e.delivered_at IS NULL AND e.seq < d.seq AND e.next_attempt_at > $1)
      ORDER BY d.seq LIMIT $2`, [now, limit, outputIds ? [...outputIds] : null]);
    return rows.map(toQueued);
  }

  private async logAttempt(db: Db, attempt: DeliveryAttempt): Promise<void> {
    await db.query(`INSERT INTO delivery_attempts (delivery_id, output_id, event_id, alert_id, attempt, ok, status, error, duration_ms, at, next_attempt_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [attempt.deliveryId, attempt.outputId, attempt.eventId, attempt.alertId, attempt.attempt, attempt.ok, attempt.status,
      attempt.error, attempt.durationMs, attempt.at, attempt.nextAttemptAt]);
  }

  async markDelivered(id: string, attempt: DeliveryAttempt): Promise<void> {
    await withTransaction(this.pool, async (db) => {
      await db.query('UPDATE deliveries SET delivered_at = $1, attempts = $2, last_error = NULL WHERE id = $3 AND delivered_at IS NULL',
        [attempt.at, attempt.attempt, id]);
      await this.logAttempt(db, attempt);
    });
  }

  async markFailed(id: string, attempt: DeliveryAttempt, nextAttemptAt: string): Promise<void> {
    await withTransaction(this.pool, async (db) => {
      await db.query('UPDATE deliveries SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4 AND delivered_at IS NULL',
        [attempt.attempt, nextAttemptAt, attempt.error, id]);
      await this.logAttempt(db, attempt);
    });
  }

  async listAttempts(query: DeliveryLogQuery): Promise<{ items: DeliveryAttempt[]; total: number }> {
    const filters: string[] = [];
    const params: unknown[] = [];
    for (const [field, column] of [['outputId', 'output_id'], ['eventId', 'event_id'], ['alertId', 'alert_id'], ['ok', 'ok']] as const) {
      const value = query[field];
      if (value === undefined) continue;
      params.push(value);
      filters.push(`${column} = $${params.length}`);
    }
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<AttemptRow>(`SELECT * FROM delivery_attempts ${where} ORDER BY seq DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, query.limit, query.offset]);
      const { rows: [count] } = await db.query<{ total: number }>(`SELECT COUNT(*)::int AS total FROM delivery_attempts ${where}`, params);
      return { items: rows.map(toAttempt), total: count!.total };
    }, SNAPSHOT);
  }

  async pendingSummary(): Promise<PendingSummary[]> {
    const { rows } = await this.pool.query<{ output_id: string; pending: number; oldest: Date; head_next: Date; head_error: string | null }>(
      `SELECT d.output_id, COUNT(*)::int AS pending, MIN(d.enqueued_at) AS oldest,
          (ARRAY_AGG(d.next_attempt_at ORDER BY d.seq))[1] AS head_next, (ARRAY_AGG(d.last_error ORDER BY d.seq))[1] AS head_error
        FROM deliveries d WHERE d.delivered_at IS NULL GROUP BY d.output_id ORDER BY d.output_id`);
    return rows.map((r) => ({
      outputId: r.output_id, pending: r.pending, oldestEnqueuedAt: r.oldest.toISOString(), nextAttemptAt: r.head_next.toISOString(), lastError: r.head_error,
    }));
  }

  private async discard(db: Db, outputId: string): Promise<number> {
    const { rowCount } = await db.query('DELETE FROM deliveries WHERE output_id = $1 AND delivered_at IS NULL', [outputId]);
    return rowCount ?? 0;
  }

  async pruneDeliveries(cutoff: string): Promise<{ deliveries: number; attempts: number }> {
    return withTransaction(this.pool, async (db) => {
      const deliveries = await db.query('DELETE FROM deliveries WHERE delivered_at IS NOT NULL AND delivered_at < $1', [cutoff]);
      const attempts = await db.query('DELETE FROM delivery_attempts WHERE at < $1', [cutoff]);
      return { deliveries: deliveries.rowCount ?? 0, attempts: attempts.rowCount ?? 0 };
    });
  }

  async discardOutput(outputId: string): Promise<number> {
    return this.discard(this.pool, outputId);
  }
}
