// Issuing admin API tokens: shown to the operator once, stored as a hash.
import { randomUUID } from 'node:crypto';
import type { AdminRole, Store } from '../store/store.js';
import { hashSecret, mintToken } from './tokens.js';

export interface IssuedAdminToken {
  id: string;
  role: AdminRole;
  /** The only time the plain token exists on the collector. */
  token: string;
}

export async function issueAdminToken(store: Store, role: AdminRole, label: string | null): Promise<IssuedAdminToken> {
  const token = mintToken('admin');
  const id = randomUUID();
  await store.createAdminToken({ id, tokenHash: hashSecret(token), role, label, createdAt: new Date().toISOString() });
  return { id, role, token };
}

/**
 * Issues a new token of `role` and revokes the earlier ones of that role (a lost token stops
 * working). Run from the command line, so the audit log names the command as the actor.
 */
export async function rotateAdminToken(store: Store, role: AdminRole): Promise<IssuedAdminToken & { revoked: number }> {
  const issued = await issueAdminToken(store, role, 'rotated');
  const at = new Date().toISOString();
  const revoked = await store.revokeAdminTokens(role, issued.id, at);
  await store.appendAudit({
    at, actor: { kind: 'system', job: 'admin-token --rotate' }, action: 'token.rotate', targetType: 'token', targetId: issued.id,
    before: { role, activeTokensRevoked: revoked }, after: { id: issued.id, role, label: 'rotated' },
  });
  return { ...issued, revoked };
}
