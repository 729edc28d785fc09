// UserStore on PostgreSQL: console users and sessions, audited in the same transaction as
// the SQLite store does it.
import type { Pool } from 'pg';
import { appendAudit } from './operations.js';
import { withTransaction } from './transaction.js';
import type { AdminRole } from '../store.js';
import { auditedPassword, type User, type UserStore, type UserWithPassword } from '../user-store.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  disabled: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id, username: row.username, role: row.role as AdminRole, disabled: row.disabled,
  createdAt: row.created_at.toISOString(), lastLoginAt: row.last_login_at?.toISOString() ?? null,
});

export function postgresUsers(pool: Pool): UserStore {
  return {
    async countUsers() {
      const { rows: [row] } = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM users');
      return row!.n;
    },

    async createUser(user, actor) {
      return withTransaction(pool, async (db) => {
        const { rows: [row] } = await db.query<UserRow>(`INSERT INTO users (id, username, password_hash, role, created_at)
          VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING *`,
        [user.id, user.username, user.passwordHash, user.role, user.createdAt]);
        if (!row) return { outcome: 'exists' as const };
        const created = toUser(row);
        await appendAudit(db, { at: user.createdAt, actor, action: 'user.create', targetType: 'user', targetId: user.id, before: null, after: created });
        return { outcome: 'created' as const, user: created };
      });
    },

    async listUsers() {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users ORDER BY username');
      return rows.map(toUser);
    },

    async findUserByUsername(username) {
      const { rows: [row] } = await pool.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
      return row && ({ ...toUser(row), passwordHash: row.password_hash } satisfies UserWithPassword);
    },

    async deleteUser(id, actor, at) {
      return withTransaction(pool, async (db) => {
        const { rows: [row] } = await db.query<UserRow>('DELETE FROM users WHERE id = $1 RETURNING *', [id]);
        if (!row) return undefined;
        const user = toUser(row);
        await appendAudit(db, { at, actor, action: 'user.delete', targetType: 'user', targetId: id, before: user, after: null });
        return user;
      });
    },

    async updateUser(id, changes, actor, at) {
      return withTransaction(pool, async (db) => {
        const { rows: [row] } = await db.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [id]);
        if (!row) return undefined;
        const { rows: [updated] } = await db.query<UserRow>(`UPDATE users SET role = $2, disabled = $3, password_hash = $4 WHERE id = $1 RETURNING *`,
          [id, changes.role ?? row.role, changes.disabled ?? row.disabled, changes.passwordHash ?? row.password_hash]);
        if (changes.passwordHash !== undefined || changes.disabled) await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
        const after = toUser(updated!);
        await appendAudit(db, { at, actor, action: 'user.update', targetType: 'user', targetId: id, before: toUser(row), after: { ...after, ...auditedPassword(changes) } });
        return after;
      });
    },

    async createSession(session) {
      await withTransaction(pool, async (db) => {
        await db.query('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
          [session.idHash, session.userId, session.createdAt, session.expiresAt]);
        await db.query('UPDATE users SET last_login_at = $1 WHERE id = $2', [session.createdAt, session.userId]);
      });
    },

    async findSession(idHash, now) {
      const { rows: [row] } = await pool.query<UserRow & { id_hash: string; session_created_at: Date; expires_at: Date }>(
        `SELECT s.id_hash, s.created_at AS session_created_at, s.expires_at, u.*
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`, [idHash, now]);
      return row && {
        idHash: row.id_hash, createdAt: row.session_created_at.toISOString(), expiresAt: row.expires_at.toISOString(), user: toUser(row),
      };
    },

    async deleteSession(idHash) {
      await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },

    async deleteExpiredSessions(now) {
      const { rowCount } = await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      return rowCount ?? 0;
    },
  };
}
