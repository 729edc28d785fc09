// UserStore on better-sqlite3: console users and sessions. Changes made on someone's behalf are
// audited in the same transaction through the `audit` callback (SqliteOperations.appendAudit).
import type { Database } from 'better-sqlite3';
import type { NewAuditEntry } from '../operations.js';
import type { AdminRole } from '../store.js';
import { auditedPassword, type User, type UserStore, type UserWithPassword } from '../user-store.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id, username: row.username, role: row.role as AdminRole, disabled: row.disabled === 1,
  createdAt: row.created_at, lastLoginAt: row.last_login_at,
});

export function sqliteUsers(db: Database, audit: (entry: NewAuditEntry) => void): UserStore {
  const userById = (id: string) => db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return {
    async countUsers() {
      return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
    },

    async createUser(user, actor) {
      return db.transaction(() => {
        const inserted = db.prepare(`INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (username) DO NOTHING`).run(user.id, user.username, user.passwordHash, user.role, user.createdAt);
        if (inserted.changes === 0) return { outcome: 'exists' as const };
        const created = toUser(userById(user.id)!);
        audit({ at: user.createdAt, actor, action: 'user.create', targetType: 'user', targetId: user.id, before: null, after: created });
        return { outcome: 'created' as const, user: created };
      }).immediate();
    },

    async listUsers() {
      return (db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
    },

    async findUserByUsername(username) {
      const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
      return row && ({ ...toUser(row), passwordHash: row.password_hash } satisfies UserWithPassword);
    },

    async deleteUser(id, actor, at) {
      return db.transaction(() => {
        const row = userById(id);
        if (!row) return undefined;
        db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
        db.prepare('DELETE FROM users WHERE id = ?').run(id);
        const user = toUser(row);
        audit({ at, actor, action: 'user.delete', targetType: 'user', targetId: id, before: user, after: null });
        return user;
      }).immediate();
    },

    async updateUser(id, changes, actor, at) {
      return db.transaction(() => {
        const row = userById(id);
        if (!row) return undefined;
        const before = toUser(row);
        db.prepare(`UPDATE users SET role = ?, disabled = ?, password_hash = ? WHERE id = ?`)
          .run(changes.role ?? row.role, changes.disabled === undefined ? row.disabled : Number(changes.disabled), changes.passwordHash ?? row.password_hash, id);
        if (changes.passwordHash !== undefined || changes.disabled) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
        const after = toUser(userById(id)!);
        audit({ at, actor, action: 'user.update', targetType: 'user', targetId: id, before, after: { ...after, ...auditedPassword(changes) } });
        return after;
      }).immediate();
    },

    async createSession(session) {
      db.transaction(() => {
        db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
          .run(session.idHash, session.userId, session.createdAt, session.expiresAt);
        db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(session.createdAt, session.userId);
      }).immediate();
    },

    async findSession(idHash, now) {
      const row = db.prepare(`SELECT s.id_hash, s.created_at AS session_created_at, s.expires_at, u.*
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0`).get(idHash, now) as
        (UserRow & { id_hash: string; session_created_at: string; expires_at: string }) | undefined;
      return row && { idHash: row.id_hash, createdAt: row.session_created_at, expiresAt: row.expires_at, user: toUser(row) };
    },

    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },

    async deleteExpiredSessions(now) {
      return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
    },
  };
}
