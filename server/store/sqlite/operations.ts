// The operations part of the Store on SQLite (alert lifecycle, audit log, suppressions, audited
// policy and token changes, job queries). SqliteStore calls these through thin methods; writes
// run in BEGIN IMMEDIATE transactions like the rest of the store.
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { statement } from './statements.js';
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

interface NoteRow { id: string; author: string; text: string; created_at: string }
interface AuditRow {
  id: string; at: string; actor: string; action: string; target_type: string; target_id: string | null;
  before: string | null; after: string | null;
}
interface SuppressionRow {
  id: string; agent_id: string | null; employee_id: string | null; signal: string | null; tool: string | null; network: string | null;
  reason: string | null; created_at: string; created_by: string; expires_at: string | null; suppressed_count: number; last_suppressed_at: string | null;
}
interface SiblingRow {
  id: string; hostname: string; serial: string | null; hardware_uuid: string | null; enrolled_at: string; last_seen_at: string | null;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const parsed = (value: string | null): unknown => (value === null ? null : JSON.parse(value));

const toNote = (row: NoteRow): AlertNote => ({ id: row.id, author: JSON.parse(row.author) as Actor, text: row.text, createdAt: row.created_at });

const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id, at: row.at, actor: JSON.parse(row.actor) as Actor, action: row.action, targetType: row.target_type,
  targetId: row.target_id, before: parsed(row.before), after: parsed(row.after),
});

const toSuppression = (row: SuppressionRow): Suppression => ({
  id: row.id, agentId: row.agent_id, employeeId: row.employee_id, signal: row.signal, tool: row.tool, network: row.network,
  reason: row.reason, createdAt: row.created_at, createdBy: JSON.parse(row.created_by) as Actor, expiresAt: row.expires_at,
  suppressedCount: row.suppressed_count, lastSuppressedAt: row.last_suppressed_at,
});

export class SqliteOperations {
  constructor(private readonly db: Database) {}

  private sql(text: string): Statement {
    return statement(this.db, text);
  }

  /** Inserts an open alert; used by recordReport inside its transaction, and by raiseAlert. */
  insertAlert(a: NewAlert): string {
    const id = randomUUID();
    this.sql(`INSERT INTO alerts (id, dedup_key, type, agent_id, agent_ids, signal, category, severity, score, status, summary,
        reasons, evidence, first_seen, last_seen, count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)`)
      .run(id, a.dedupKey, a.type, a.agentId, JSON.stringify(a.agentIds), a.signal, a.category, a.severity, a.score, a.summary,
        JSON.stringify(a.reasons), JSON.stringify(a.evidence), a.firstSeen, a.lastSeen, a.count);
    enqueueAlertChange(this.db, id, 'opened');
    return id;
  }

  /** Updates an unresolved alert seen again; throws when it is not one. */
  updateAlert(u: AlertUpdate & { agentIds?: string[] }): void {
    const { changes } = this.sql(`UPDATE alerts SET severity = ?, score = ?, summary = ?, reasons = ?, evidence = ?, last_seen = ?, count = ?,
        agent_ids = COALESCE(?, agent_ids)
      WHERE id = ? AND status <> 'resolved'`)
      .run(u.severity, u.score, u.summary, JSON.stringify(u.reasons), JSON.stringify(u.evidence), u.lastSeen, u.count,
        u.agentIds ? JSON.stringify(u.agentIds) : null, u.id);
    if (changes !== 1) throw new Error(`alert ${u.id} is not an active alert`);
    enqueueAlertChange(this.db, u.id, 'updated');
  }

  private alertById(id: string): Alert | undefined {
    const row = this.sql('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    return row && toAlert(row);
  }

  private detail(alert: Alert): AlertDetail {
    const notes = (this.sql('SELECT * FROM alert_notes WHERE alert_id = ? ORDER BY created_at, rowid').all(alert.id) as NoteRow[]).map(toNote);
    return { alert, notes };
  }

  getAlert(id: string): AlertDetail | undefined {
    const alert = this.alertById(id);
    return alert && this.detail(alert);
  }

  actOnAlert(id: string, action: AlertAction, actor: Actor, at: string): AlertActionResult {
    return this.db.transaction((): AlertActionResult => {
      const before = this.alertById(id);
      if (!before) return { outcome: 'not_found' };
      const result = applyAlertAction(before, action, at);
      if (!result.ok) return { outcome: 'refused', reason: result.reason };
      const after = result.alert;
      this.sql(`UPDATE alerts SET status = ?, assignee = ?, resolution = ?, acknowledged_at = ?, resolved_at = ? WHERE id = ?`)
        .run(after.status, after.assignee, after.resolution, after.acknowledgedAt, after.resolvedAt, id);
      const eventKind = OUTPUT_EVENT_OF_ACTION[action.kind];
      if (eventKind) enqueueAlertChange(this.db, id, eventKind);
      let note: AlertNote | undefined;
      if (result.note !== undefined) {
        note = { id: randomUUID(), author: actor, text: result.note, createdAt: at };
        this.sql('INSERT INTO alert_notes (id, alert_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(note.id, id, JSON.stringify(actor), note.text, at);
      }
      this.appendAudit({
        at, actor, action: ACTION_NAMES[action.kind], targetType: 'alert', targetId: id,
        before: lifecycleState(before), after: { ...lifecycleState(after), ...(note ? { note: { id: note.id, text: note.text } } : {}) },
      });
      return { outcome: 'changed', detail: this.detail(after) };
    }).immediate();
  }

  raiseAlert(alert: NewAlert): RaiseAlertResult {
    return this.db.transaction((): RaiseAlertResult => {
      const row = this.sql(`SELECT * FROM alerts WHERE dedup_key = ? AND status <> 'resolved'`).get(alert.dedupKey) as AlertRow | undefined;
      if (!row) return { outcome: 'opened', alert: this.alertById(this.insertAlert(alert))! };
      const merged = mergeRaised(toAlert(row), alert);
      this.updateAlert(merged);
      return { outcome: 'updated', alert: this.alertById(merged.id)! };
    }).immediate();
  }

  appendAudit(entry: NewAuditEntry): void {
    this.sql(`INSERT INTO audit_log (id, at, actor, actor_token_id, action, target_type, target_id, before, after)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(randomUUID(), entry.at, JSON.stringify(entry.actor), entry.actor.kind === 'admin' ? entry.actor.tokenId : null,
        entry.action, entry.targetType, entry.targetId, json(entry.before), json(entry.after));
  }

  listAudit(query: AuditQuery): Page<AuditEntry> {
    const filters: string[] = [];
    const params: Record<string, string> = {};
    const conditions = [
      ['action', 'action = @action'], ['targetType', 'target_type = @targetType'], ['targetId', 'target_id = @targetId'],
      ['actorTokenId', 'actor_token_id = @actorTokenId'], ['since', 'at >= @since'], ['until', 'at < @until'],
    ] as const;
    for (const [field, condition] of conditions) {
      const value = query[field];
      if (value === undefined) continue;
      filters.push(condition);
      params[field] = value;
    }
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const rows = this.sql(`SELECT * FROM audit_log ${where} ORDER BY at DESC, rowid DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset }) as AuditRow[];
    const { total } = this.sql(`SELECT COUNT(*) AS total FROM audit_log ${where}`).get(params) as { total: number };
    return { items: rows.map(toAuditEntry), total };
  }

  createSuppression(s: NewSuppression, actor: Actor): Suppression {
    return this.db.transaction(() => {
      this.sql(`INSERT INTO suppressions (id, agent_id, employee_id, signal, tool, network, reason, created_at, created_by, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(s.id, s.agentId, s.employeeId, s.signal, s.tool, s.network, s.reason, s.createdAt, JSON.stringify(actor), s.expiresAt);
      const created = this.suppressionById(s.id)!;
      this.appendAudit({ at: s.createdAt, actor, action: 'suppression.create', targetType: 'suppression', targetId: s.id, before: null, after: created });
      return created;
    }).immediate();
  }

  private suppressionById(id: string): Suppression | undefined {
    const row = this.sql('SELECT * FROM suppressions WHERE id = ?').get(id) as SuppressionRow | undefined;
    return row && toSuppression(row);
  }

  private removeSuppression(existing: Suppression, action: string, actor: Actor, at: string): void {
    this.sql('DELETE FROM suppressions WHERE id = ?').run(existing.id);
    this.appendAudit({ at, actor, action, targetType: 'suppression', targetId: existing.id, before: existing, after: null });
  }

  deleteSuppression(id: string, actor: Actor, at: string): boolean {
    return this.db.transaction(() => {
      const existing = this.suppressionById(id);
      if (!existing) return false;
      this.removeSuppression(existing, 'suppression.delete', actor, at);
      return true;
    }).immediate();
  }

  listSuppressions({ limit, offset }: PageQuery): Page<Suppression> {
    const rows = this.sql('SELECT * FROM suppressions ORDER BY created_at DESC, id LIMIT ? OFFSET ?').all(limit, offset) as SuppressionRow[];
    const { total } = this.sql('SELECT COUNT(*) AS total FROM suppressions').get() as { total: number };
    return { items: rows.map(toSuppression), total };
  }

  activeSuppressions(now: string): Suppression[] {
    return (this.sql('SELECT * FROM suppressions WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at, id')
      .all(now) as SuppressionRow[]).map(toSuppression);
  }

  countSuppressed(ids: readonly string[], at: string): void {
    if (!ids.length) return;
    const bump = this.sql(`UPDATE suppressions SET suppressed_count = suppressed_count + 1,
      last_suppressed_at = MAX(COALESCE(last_suppressed_at, ''), ?) WHERE id = ?`);
    this.db.transaction(() => {
      for (const id of ids) bump.run(at, id);
    }).immediate();
  }

  deleteExpiredSuppressions(now: string, actor: Actor): Suppression[] {
    return this.db.transaction(() => {
      const expired = (this.sql('SELECT * FROM suppressions WHERE expires_at <= ? ORDER BY expires_at, id').all(now) as SuppressionRow[])
        .map(toSuppression);
      for (const s of expired) this.removeSuppression(s, 'suppression.expire', actor, now);
      return expired;
    }).immediate();
  }

  setPolicy(value: string, actor: Actor, at: string): void {
    this.db.transaction(() => {
      const before = this.sql(`SELECT value FROM settings WHERE key = 'policy'`).get() as { value: string } | undefined;
      this.sql(`INSERT INTO settings (key, value, updated_at) VALUES ('policy', ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(value, at);
      this.appendAudit({
        at, actor, action: 'policy.update', targetType: 'policy', targetId: null,
        before: before ? JSON.parse(before.value) : null, after: JSON.parse(value),
      });
    }).immediate();
  }

  issueAdminTokenAs(token: NewAdminToken, actor: Actor): void {
    this.db.transaction(() => {
      this.sql(`INSERT INTO admin_tokens (id, token_hash, role, label, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(token.id, token.tokenHash, token.role, token.label, token.createdAt);
      this.appendAudit({
        at: token.createdAt, actor, action: 'token.create', targetType: 'token', targetId: token.id, before: null,
        after: { id: token.id, role: token.role, label: token.label, createdAt: token.createdAt, revokedAt: null },
      });
    }).immediate();
  }

  revokeAdminToken(id: string, actor: Actor, at: string): RevokeTokenResult {
    return this.db.transaction((): RevokeTokenResult => {
      const row = this.sql('SELECT * FROM admin_tokens WHERE id = ?').get(id) as AdminTokenRow | undefined;
      if (!row) return { outcome: 'not_found' };
      const before = toAdminToken(row);
      if (before.revokedAt !== null) return { outcome: 'refused', reason: 'The token is already revoked.' };
      const { n } = this.sql(`SELECT COUNT(*) AS n FROM admin_tokens WHERE role = 'admin' AND revoked_at IS NULL`).get() as { n: number };
      if (before.role === 'admin' && n <= 1) return { outcome: 'refused', reason: 'This is the last active admin token; issue another admin token first.' };
      this.sql('UPDATE admin_tokens SET revoked_at = ? WHERE id = ?').run(at, id);
      const token = { ...before, revokedAt: at };
      this.appendAudit({ at, actor, action: 'token.revoke', targetType: 'token', targetId: id, before, after: token });
      return { outcome: 'revoked', token };
    }).immediate();
  }

  findSilentAgents(cutoff: string): SilentAgent[] {
    const rows = this.sql(`SELECT a.id, a.hostname, COALESCE(a.last_seen_at, a.enrolled_at) AS last_activity_at, a.last_seen_at
      FROM agents a
      WHERE COALESCE(a.last_seen_at, a.enrolled_at) < ?
        AND NOT EXISTS (SELECT 1 FROM alerts al WHERE al.agent_id = a.id AND al.type = 'agent_silent'
          AND al.last_seen >= COALESCE(a.last_seen_at, a.enrolled_at))
      ORDER BY last_activity_at, a.id`).all(cutoff) as { id: string; hostname: string; last_activity_at: string; last_seen_at: string | null }[];
    return rows.map((r) => ({ agentId: r.id, hostname: r.hostname, lastActivityAt: r.last_activity_at, lastSeenAt: r.last_seen_at }));
  }

  findHardwareSiblings(agentId: string, serial: string | null, hardwareUuid: string | null): HardwareSibling[] {
    if (serial === null && hardwareUuid === null) return [];
    const rows = this.sql(`SELECT o.id, o.hostname, o.serial, o.hardware_uuid, o.enrolled_at, o.last_seen_at
      FROM agents o JOIN agents me ON me.id = @agentId
      WHERE o.id <> me.id AND (o.serial = @serial OR o.hardware_uuid = @uuid)
        AND o.last_seen_at IS NOT NULL AND o.last_seen_at >= me.enrolled_at
      ORDER BY o.enrolled_at, o.id`).all({ agentId, serial, uuid: hardwareUuid }) as SiblingRow[];
    return rows.map((r) => ({
      agentId: r.id, hostname: r.hostname, serial: r.serial, hardwareUuid: r.hardware_uuid, enrolledAt: r.enrolled_at, lastSeenAt: r.last_seen_at,
    }));
  }

  deleteReportsBefore(cutoff: string): number {
    return this.db.transaction(() => this.sql('DELETE FROM reports WHERE received_at < ?').run(cutoff).changes).immediate();
  }
}
