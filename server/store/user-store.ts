// The storage contract for console users and their sign-in sessions. Passwords arrive already
// hashed (server/auth/passwords.ts) and session ids as SHA-256 hashes: neither exists here in clear.
import type { Actor } from './operations.js';
import type { AdminRole } from './store.js';

export interface User {
  id: string;
  username: string;
  role: AdminRole;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface UserWithPassword extends User {
  /** `scrypt$N$r$p$salt$hash` (server/auth/passwords.ts). */
  passwordHash: string;
}

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  role: AdminRole;
  createdAt: string;
}

export interface NewSession {
  /** SHA-256 (hex) of the cookie's random id. */
  idHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export interface SessionWithUser {
  idHash: string;
  createdAt: string;
  expiresAt: string;
  user: User;
}

/** What an admin may change on a user; a new password or disabling ends the user's sessions. */
export interface UserChanges {
  role?: AdminRole;
  disabled?: boolean;
  passwordHash?: string;
}

/** The audit entry says that the password changed, never what it is. */
export const auditedPassword = (changes: UserChanges) => (changes.passwordHash === undefined ? {} : { passwordChanged: true });

export type CreateUserResult = { outcome: 'created'; user: User } | { outcome: 'exists' };

export interface UserStore {
  countUsers(): Promise<number>;
  /** Usernames are unique (case-sensitive); the creation is audited as `user.create` in the same transaction. */
  createUser(user: NewUser, actor: Actor): Promise<CreateUserResult>;
  /** Ordered by username. */
  listUsers(): Promise<User[]>;
  findUserByUsername(username: string): Promise<UserWithPassword | undefined>;
  /** Deletes the user and its sessions, audited as `user.delete`; undefined when there is no such user. */
  deleteUser(id: string, actor: Actor, at: string): Promise<User | undefined>;
  /** Applies the changes, audited as `user.update` (never with a hash); undefined when there is no such user. */
  updateUser(id: string, changes: UserChanges, actor: Actor, at: string): Promise<User | undefined>;
  /** Stores a session and records the sign-in time on its user. */
  createSession(session: NewSession): Promise<void>;
  /** The session unless it expired at `now` or its user is disabled. */
  findSession(idHash: string, now: string): Promise<SessionWithUser | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions past their expiry; returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;
}
