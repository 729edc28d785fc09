// Creating console users, shared by the users API, the `user add` command and the first start.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { text } from '../../shared/index.js';
import type { Actor } from '../store/operations.js';
import type { AdminRole, Store } from '../store/store.js';
import type { User } from '../store/user-store.js';
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from './passwords.js';

export const Username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'Use 1-64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.');
export const Password = text(1024).min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`);

export type AddUserResult =
  | { outcome: 'created'; user: User; /** Set when no password was given: shown once, never stored. */ generatedPassword?: string }
  | { outcome: 'exists' };

export async function addUser(
  store: Store, input: { username: string; role: AdminRole; password?: string }, actor: Actor,
): Promise<AddUserResult> {
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const result = await store.createUser(
    { id: randomUUID(), username: input.username, passwordHash, role: input.role, createdAt: new Date().toISOString() }, actor,
  );
  if (result.outcome === 'exists') return result;
  return { ...result, ...(generatedPassword ? { generatedPassword } : {}) };
}

/** At the first start (no users at all): creates `admin` with a random password, returned to be printed once. */
export async function ensureFirstAdminUser(store: Store): Promise<string | undefined> {
  if ((await store.countUsers()) > 0) return undefined;
  const result = await addUser(store, { username: 'admin', role: 'admin' }, { kind: 'system', job: 'first start' });
  // Another collector may have created it a moment ago: then its password stands, not ours.
  return result.outcome === 'created' ? result.generatedPassword : undefined;
}
