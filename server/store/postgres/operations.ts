// The operations part of the Store on PostgreSQL, behaving like the SQLite one (./sqlite/operations.ts).
// PostgresStore calls these through thin methods. Alerts raised outside reports take turns per
// dedup key (an advisory transaction lock), so two collectors raising the same alert update one.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { mergeRaised } from '../../alerts/merge.js';
import { ACTION_NAMES, applyAlertAction, lifecycleState } from '../../alerts/lifecycle.js';
import type {
  Actor, AlertAction, AlertActionResult, AlertDetail, AlertNote, AuditEntry, AuditQuery, HardwareSibling, NewAuditEntry,
  NewSuppression, RaiseAlertResult, RevokeTokenResult, SilentAgent, Suppression,
} from '../operations.js';
import type { Alert, AlertUpdate, NewAdminToken, NewAlert, Page, PageQuery } from '../store.js';
import { OUTPUT_EVENT_OF_ACTION } from '../../outputs/stored-alert-event.js';
import { enqueueAlertChange } from './outputs.js';
import { toAdminToken, toAlert, type AdminTokenRow, type AlertRow } from './rows.js';
import { SNAPSHOT, withTransaction } from './transaction.js';

type Db = Pool | PoolClient;

interface NoteRow { id: string; author: Actor; text: string; created_at: Date }
interface AuditRow {
  id: string; at: Date; actor: Actor; action: string; target_type: string; target_id: string | null; before: unknown; after: unknown;
}
interface SuppressionRow {
  id: string; agent_id: string | null; employee_id: string | null; signal: string | null; tool: string | null; network: string | null;
  reason: string | null; created_at: Date; created_by: Actor; expires_at: Date | null; suppressed_count: number; last_suppressed_at: Date | null;
}
interface SiblingRow {
  id: string; hostname: string; serial: string | null; hardware_uuid: string | null; enrolled_at: Date; last_seen_at: Date | null;
}

const isoOrNull = (time: Date | null): string | null => (time === null ? null : time.toISOString());
const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

const toNote = (row: NoteRow): AlertNote => ({ id: row.id, author: row.author, text: row.text, createdAt: row.created_at.toISOString() });

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id, at: row.at.toISOString(), actor: row.actor, action: row.action, targetType: row.target_type, targetId: row.target_id,
  before: row.before ?? null, after: row.after ?? null,
});

const toSuppression = (row: SuppressionRow): Suppression => ({
  id: row.id, agentId: row.agent_id, employeeId: row.employee_id, signal: row.signal, tool: row.tool, network: row.network,
  reason: row.reason, createdAt: row.created_at.toISOString(), createdBy: row.created_by, expiresAt: isoOrNull(row.expires_at),
  suppressedCount: row.suppressed_count, lastSuppressedAt: isoOrNull(row.last_suppressed_at),
});

/** Inserts an open alert; used by recordReport inside its transaction, and by raiseAlert. */
export async function insertAlert(db: Db, a: NewAlert): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO alerts (id, dedup_key, type, agent_id, agent_ids, signal, category, severity, score, status, summary,
      reasons, evidence, first_seen, last_seen, count)
    VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9, 'open', $10, $11::json, $12::json, $13, $14, $15)`,
  [id, a.dedupKey, a.type, a.agentId, JSON.stringify(a.agentIds), a.signal, a.category, a.severity, a.score, a.summary,
    JSON.stringify(a.reasons), JSON.stringify(a.evidence), a.firstSeen, a.lastSeen, a.count]);
  await enqueueAlertChange(db, id, 'opened');
  return id;
}

/** Updates an unresolved alert seen again; throws when it is not one. */
export async function updateAlert(db: Db, u: AlertUpdate & { agentIds?: string[] }): Promise<void> {
  const { rowCount } = await db.query(`UPDATE alerts SET severity = $1, score = $2, summary = $3, reasons = $4::json, evidence = $5::json,
      last_seen = $6, count = $7, agent_ids = COALESCE($8::json, agent_ids)
    WHERE id = $9 AND status <> 'resolved'`,
  [u.severity, u.score, u.summary, JSON.stringify(u.reasons), JSON.stringify(u.evidence), u.lastSeen, u.count,
    u.agentIds ? JSON.stringify(u.agentIds) : null, u.id]);
  if (rowCount !== 1) throw new Error(`alert ${u.id} is not an active alert`);
  await enqueueAlertChange(db, u.id, 'updated');
}

async function alertById(db: Db, id: string, lock = false): Promise<Alert | undefined> {
  const { rows: [row] } = await db.query<AlertRow>(`SELECT * FROM alerts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row && toAlert(row);
}

async function detail(db: Db, alert: Alert): Promise<AlertDetail> {
  const { rows } = await db.query<NoteRow>('SELECT * FROM alert_notes WHERE alert_id = $1 ORDER BY created_at, seq', [alert.id]);
  return { alert, notes: rows.map(toNote) };
}

export async function appendAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.query(`INSERT INTO audit_log (id, at, actor, actor_token_id, action, target_type, target_id, before, after)
    VALUES ($1, $2, $3::json, $4, $5, $6, $7, $8::json, $9::json)`,
  [randomUUID(), entry.at, JSON.stringify(entry.actor), entry.actor.kind === 'admin' ? entry.actor.tokenId : null,
    entry.action, entry.targetType, entry.targetId, json(entry.before), json(entry.after)]);
}

async function suppressionById(db: Db, id: string, lock = false): Promise<Suppression | undefined> {
  const { rows: [row] } = await db.query<SuppressionRow>(`SELECT * FROM suppressions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row && toSuppression(row);
}

async function removeSuppression(db: Db, existing: Suppression, action: string, actor: Actor, at: string): Promise<void> {
  await db.query('DELETE FROM suppressions WHERE id = $1', [existing.id]);
  await appendAudit(db, { at, actor, action, targetType: 'suppression', targetId: existing.id, before: existing, after: null });
}

export class PostgresOperations {
  constructor(private readonly pool: Pool) {}

  async getAlert(id: string): Promise<AlertDetail | undefined> {
    return withTransaction(this.pool, async (db) => {
      const alert = await alertById(db, id);
      return alert && detail(db, alert);
    }, SNAPSHOT);
  }

  async actOnAlert(id: string, action: AlertAction, actor: Actor, at: string): Promise<AlertActionResult> {
    return withTransaction(this.pool, async (db): Promise<AlertActionResult> => {
      const before = await alertById(db, id, true);
      if (!before) return { outcome: 'not_found' };
      const result = applyAlertAction(before, action, at);
      if (!result.ok) return { outcome: 'refused', reason: result.reason };
      const after = result.alert;
      await db.query('UPDATE alerts SET status = $1, assignee = $2, resolution = $3, acknowledged_at = $4, resolved_at = $5 WHERE id = $6',
        [after.status, after.assignee, after.resolution, after.acknowledgedAt, after.resolvedAt, id]);
      const eventKind = OUTPUT_EVENT_OF_ACTION[action.kind];
      if (eventKind) await enqueueAlertChange(db, id, eventKind);
      let note: AlertNote | undefined;
      if (result.note !== undefined) {
        note = { id: randomUUID(), author: actor, text: result.note, createdAt: at };
        await db.query('INSERT INTO alert_notes (id, alert_id, author, text, created_at) VALUES ($1, $2, $3::json, $4, $5)',
          [note.id, id, JSON.stringify(actor), note.text, at]);
      }
      await appendAudit(db, {
        at, actor, action: ACTION_NAMES[action.kind], targetType: 'alert', targetId: id,
        before: lifecycleState(before), after: { ...lifecycleState(after), ...(note ? { note: { id: note.id, text: note.text } } : {}) },
      });
      return { outcome: 'changed', detail: await detail(db, (await alertById(db, id))!) };
    });
  }

  async raiseAlert(alert: NewAlert): Promise<RaiseAlertResult> {
    return withTransaction(this.pool, async (db): Promise<RaiseAlertResult> => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('farmwatch alert ' || $1, 0))`, [alert.dedupKey]);
      const { rows: [row] } = await db.query<AlertRow>(`SELECT * FROM alerts WHERE dedup_key = $1 AND status <> 'resolved' FOR UPDATE`, [alert.dedupKey]);
      if (!row) return { outcome: 'opened', alert: (await alertById(db, await insertAlert(db, alert)))! };
      const merged = mergeRaised(toAlert(row), alert);
      await updateAlert(db, merged);
      return { outcome: 'updated', alert: (await alertById(db, merged.id))! };
    });
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    await appendAudit(this.pool, entry);
  }

  async listAudit(query: AuditQuery): Promise<Page<AuditEntry>> {
    const filters: string[] = [];
    const values: string[] = [];
    const conditions = [
      ['action', 'action ='], ['targetType', 'target_type ='], ['targetId', 'target_id ='],
      ['actorTokenId', 'actor_token_id ='], ['since', 'at >='], ['until', 'at <'],
    ] as const;
    for (const [field, condition] of conditions) {
      const value = query[field];
      if (value === undefined) continue;
      values.push(value);
      filters.push(`${condition} $${values.length}`);
    }
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const n = values.length;
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY at DESC, seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...values, query.limit, query.offset]);
      const { rows: [count] } = await db.query<{ total: number }>(`SELECT COUNT(*)::int AS total FROM audit_log ${where}`, values);
      return { items: rows.map(toAuditEntry), total: count!.total };
    }, SNAPSHOT);
  }

  async createSuppression(s: NewSuppression, actor: Actor): Promise<Suppression> {
    return withTransaction(this.pool, async (db) => {
      await db.query(`INSERT INTO suppressions (id, agent_id, employee_id, signal, tool, network, reason, created_at, created_by, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10)`,
      [s.id, s.agentId, s.employeeId, s.signal, s.tool, s.network, s.reason, s.createdAt, JSON.stringify(actor), s.expiresAt]);
      const created = (await suppressionById(db, s.id))!;
      await appendAudit(db, { at: s.createdAt, actor, action: 'suppression.create', targetType: 'suppression', targetId: s.id, before: null, after: created });
      return created;
    });
  }

  async deleteSuppression(id: string, actor: Actor, at: string): Promise<boolean> {
    return withTransaction(this.pool, async (db) => {
      const existing = await suppressionById(db, id, true);
      if (!existing) return false;
      await removeSuppression(db, existing, 'suppression.delete', actor, at);
      return true;
    });
  }

  async listSuppressions({ limit, offset }: PageQuery): Promise<Page<Suppression>> {
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<SuppressionRow>('SELECT * FROM suppressions ORDER BY created_at DESC, id LIMIT $1 OFFSET $2', [limit, offset]);
      const { rows: [count] } = await db.query<{ total: number }>('SELECT COUNT(*)::int AS total FROM suppressions');
      return { items: rows.map(toSuppression), total: count!.total };
    }, SNAPSHOT);
  }

  async activeSuppressions(now: string): Promise<Suppression[]> {
    const { rows } = await this.pool.query<SuppressionRow>(
      'SELECT * FROM suppressions WHERE expires_at IS NULL OR expires_at > $1 ORDER BY created_at, id', [now]);
    return rows.map(toSuppression);
  }

  async countSuppressed(ids: readonly string[], at: string): Promise<void> {
    if (!ids.length) return;
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    await this.pool.query(`UPDATE suppressions s SET suppressed_count = s.suppressed_count + c.n,
        last_suppressed_at = GREATEST(s.last_suppressed_at, $3::timestamptz)
      FROM unnest($1::text[], $2::int[]) AS c (id, n) WHERE s.id = c.id`, [[...counts.keys()], [...counts.values()], at]);
  }

  async deleteExpiredSuppressions(now: string, actor: Actor): Promise<Suppression[]> {
    return withTransaction(this.pool, async (db) => {
      const { rows } = await db.query<SuppressionRow>('SELECT * FROM suppressions WHERE expires_at <= $1 ORDER BY expires_at, id FOR UPDATE', [now]);
      const expired = rows.map(toSuppression);
      for (const s of expired) await removeSuppression(db, s, 'suppression.expire', actor, now);
      return expired;
    });
  }

  async setPolicy(value: string, actor: Actor, at: string): Promise<void> {
    await withTransaction(this.pool, async (db) => {
      // Locks the row (when there is one) so concurrent changes are audited in order.
      const { rows: [before] } = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'policy' FOR UPDATE`);
      await db.query(`INSERT INTO settings (key, value, updated_at) VALUES ('policy', $1, $2)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, [value, at]);
      await appendAudit(db, {
        at, actor, action: 'policy.update', targetType: 'policy', targetId: null,
        before: before ? JSON.parse(before.value) : null, after: JSON.parse(value),
      });
    });
  }

  async issueAdminTokenAs(token: NewAdminToken, actor: Actor): Promise<void> {
    await withTransaction(this.pool, async (db) => {
      await db.query('INSERT INTO admin_tokens (id, token_hash, role, label, created_at) VALUES ($1, $2, $3, $4, $5)',
        [token.id, token.tokenHash, token.role, token.label, token.createdAt]);
      await appendAudit(db, {
        at: token.createdAt, actor, action: 'token.create', targetType: 'token', targetId: token.id, before: null,
        after: { id: token.id, role: token.role, label: token.label, createdAt: token.createdAt, revokedAt: null },
      });
    });
  }

  async revokeAdminToken(id: string, actor: Actor, at: string): Promise<RevokeTokenResult> {
    return withTransaction(this.pool, async (db): Promise<RevokeTokenResult> => {
      // Every admin token row is locked, so two revocations cannot both leave "one other admin".
      const { rows } = await db.query<AdminTokenRow>(`SELECT * FROM admin_tokens WHERE id = $1 OR (role = 'admin' AND revoked_at IS NULL)
        ORDER BY id FOR UPDATE`, [id]);
      const row = rows.find((r) => r.id === id);
      if (!row) return { outcome: 'not_found' };
      const before = toAdminToken(row);
      if (before.revokedAt !== null) return { outcome: 'refused', reason: 'The token is already revoked.' };
      const activeAdmins = rows.filter((r) => r.role === 'admin' && r.revoked_at === null).length;
      if (before.role === 'admin' && activeAdmins <= 1) return { outcome: 'refused', reason: 'This is the last active admin token; issue another admin token first.' };
      await db.query('UPDATE admin_tokens SET revoked_at = $1 WHERE id = $2', [at, id]);
      const token = { ...before, revokedAt: at };
      await appendAudit(db, { at, actor, action: 'token.revoke', targetType: 'token', targetId: id, before, after: token });
      return { outcome: 'revoked', token };
    });
  }

  async findSilentAgents(cutoff: string): Promise<SilentAgent[]> {
    const { rows } = await this.pool.query<{ id: string; hostname: string; last_activity_at: Date; last_seen_at: Date | null }>(
      `SELECT a.id, a.hostname, COALESCE(a.last_seen_at, a.enrolled_at) AS last_activity_at, a.last_seen_at
      FROM agents a
      WHERE COALESCE(a.last_seen_at, a.enrolled_at) < $1
        AND NOT EXISTS (SELECT 1 FROM alerts al WHERE al.agent_id = a.id AND al.type = 'agent_silent'
          AND al.last_seen >= COALESCE(a.last_seen_at, a.enrolled_at))
      ORDER BY last_activity_at, a.id`, [cutoff]);
    return rows.map((r) => ({ agentId: r.id, hostname: r.hostname, lastActivityAt: r.last_activity_at.toISOString(), lastSeenAt: isoOrNull(r.last_seen_at) }));
  }

  async findHardwareSiblings(agentId: string, serial: string | null, hardwareUuid: string | null): Promise<HardwareSibling[]> {
    if (serial === null && hardwareUuid === null) return [];
    const { rows } = await this.pool.query<SiblingRow>(`SELECT o.id, o.hostname, o.serial, o.hardware_uuid, o.enrolled_at, o.last_seen_at
      FROM agents o JOIN agents me ON me.id = $1
      WHERE o.id <> me.id AND (o.serial = $2::text OR o.hardware_uuid = $3::text)
        AND o.last_seen_at IS NOT NULL AND o.last_seen_at >= me.enrolled_at
      ORDER BY o.enrolled_at, o.id`, [agentId, serial, hardwareUuid]);
    return rows.map((r) => ({
      agentId: r.id, hostname: r.hostname, serial: r.serial, hardwareUuid: r.hardware_uuid,
      enrolledAt: r.enrolled_at.toISOString(), lastSeenAt: isoOrNull(r.last_seen_at),
    }));
  }

  async deleteReportsBefore(cutoff: string): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM reports WHERE received_at < $1', [cutoff]);
    return rowCount ?? 0;
  }
}
