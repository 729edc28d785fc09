// The console users part of the Store contract (server/store/user-store.ts). Each implementation
// calls runUserStoreSuite from its own *.test.ts with a factory for a fresh, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/store/operations.js';
import type { Store } from '../../server/store/store.js';

const ACTOR: Actor = { kind: 'system', job: 'test' };
const T0 = '2025-06-01T09:00:00.000Z';
const newUser = (id: string, username: string, role: 'admin' | 'analyst' | 'viewer' = 'analyst') =>
  ({ id, username, passwordHash: `scrypt$hash-of-${username}`, role, createdAt: T0 });

export function runUserStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (users): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates users once per username, lists them by name and audits the creation', async () => {
      expect(await store.countUsers()).toBe(0);
      const created = await store.createUser(newUser('u-2', 'zoe', 'viewer'), ACTOR);
      expect(created).toEqual({ outcome: 'created', user: { id: 'u-2', username: 'zoe', role: 'viewer', disabled: false, createdAt: T0, lastLoginAt: null } });
      await store.createUser(newUser('u-1', 'adam'), ACTOR);
      expect(await store.createUser(newUser('u-3', 'zoe'), ACTOR)).toEqual({ outcome: 'exists' });
      expect((await store.listUsers()).map((u) => u.username)).toEqual(['adam', 'zoe']);
      expect(await store.countUsers()).toBe(2);
      const found = await store.findUserByUsername('zoe');
      expect(found).toMatchObject({ id: 'u-2', passwordHash: 'scrypt$hash-of-zoe', role: 'viewer' });
      expect(await store.findUserByUsername('ZOE')).toBeUndefined();
      const audit = await store.listAudit({ limit: 10, offset: 0, targetType: 'user' });
      expect(audit.items.map((e) => [e.action, e.targetId])).toEqual(expect.arrayContaining([['user.create', 'u-2'], ['user.create', 'u-1']]));
      expect(audit.total).toBe(2);
    });

    it('finds a session until it expires, records the sign-in and forgets it when deleted', async () => {
      await store.createUser(newUser('u-1', 'adam'), ACTOR);
      await store.createSession({ idHash: 'h1', userId: 'u-1', createdAt: '2025-06-01T10:00:00.000Z', expiresAt: '2025-06-01T22:00:00.000Z' });
      const session = await store.findSession('h1', '2025-06-01T12:00:00.000Z');
      expect(session).toMatchObject({ idHash: 'h1', expiresAt: '2025-06-01T22:00:00.000Z', user: { id: 'u-1', username: 'adam', role: 'analyst' } });
      expect(session!.user.lastLoginAt).toBe('2025-06-01T10:00:00.000Z');
      expect(await store.findSession('h1', '2025-06-01T22:00:00.000Z')).toBeUndefined();
      expect(await store.findSession('other', '2025-06-01T12:00:00.000Z')).toBeUndefined();
      await store.deleteSession('h1');
      expect(await store.findSession('h1', '2025-06-01T12:00:00.000Z')).toBeUndefined();
    });

    it('drops expired sessions and counts them', async () => {
      await store.createUser(newUser('u-1', 'adam'), ACTOR);
      await store.createSession({ idHash: 'old', userId: 'u-1', createdAt: T0, expiresAt: '2025-06-01T10:00:00.000Z' });
      await store.createSession({ idHash: 'new', userId: 'u-1', createdAt: T0, expiresAt: '2025-06-02T10:00:00.000Z' });
      expect(await store.deleteExpiredSessions('2025-06-01T12:00:00.000Z')).toBe(1);
      expect(await store.findSession('new', '2025-06-01T12:00:00.000Z')).toBeDefined();
    });

    it('changes role, disabled and password, ends sessions on a new password or disabling, and audits without the hash', async () => {
      await store.createUser(newUser('u-1', 'adam'), ACTOR);
      await store.createSession({ idHash: 'h1', userId: 'u-1', createdAt: T0, expiresAt: '2025-06-02T10:00:00.000Z' });
      const promoted = await store.updateUser('u-1', { role: 'admin' }, ACTOR, '2025-06-01T10:00:00.000Z');
      expect(promoted).toMatchObject({ role: 'admin', disabled: false });
      expect(await store.findSession('h1', '2025-06-01T12:00:00.000Z')).toMatchObject({ user: { role: 'admin' } });
      await store.updateUser('u-1', { passwordHash: 'scrypt$new' }, ACTOR, '2025-06-01T10:01:00.000Z');
      expect((await store.findUserByUsername('adam'))!.passwordHash).toBe('scrypt$new');
      expect(await store.findSession('h1', '2025-06-01T12:00:00.000Z')).toBeUndefined();
      await store.createSession({ idHash: 'h2', userId: 'u-1', createdAt: T0, expiresAt: '2025-06-02T10:00:00.000Z' });
      expect(await store.updateUser('u-1', { disabled: true }, ACTOR, '2025-06-01T10:02:00.000Z')).toMatchObject({ disabled: true });
      expect(await store.findSession('h2', '2025-06-01T12:00:00.000Z')).toBeUndefined();
      expect(await store.updateUser('nobody', { disabled: true }, ACTOR, T0)).toBeUndefined();
      const audit = await store.listAudit({ limit: 10, offset: 0, action: 'user.update' });
      expect(audit.total).toBe(3);
      expect(JSON.stringify(audit.items)).not.toContain('scrypt$');
      expect(audit.items.map((e) => e.after)).toContainEqual(expect.objectContaining({ passwordChanged: true }));
    });

    it('deletes a user with its sessions and audits it with the user before', async () => {
      await store.createUser(newUser('u-1', 'adam'), ACTOR);
      await store.createSession({ idHash: 'h1', userId: 'u-1', createdAt: T0, expiresAt: '2025-06-02T10:00:00.000Z' });
      const deleted = await store.deleteUser('u-1', ACTOR, '2025-06-01T11:00:00.000Z');
      expect(deleted).toMatchObject({ id: 'u-1', username: 'adam' });
      expect(await store.deleteUser('u-1', ACTOR, '2025-06-01T11:00:00.000Z')).toBeUndefined();
      expect(await store.findSession('h1', '2025-06-01T12:00:00.000Z')).toBeUndefined();
      expect(await store.countUsers()).toBe(0);
      const audit = await store.listAudit({ limit: 10, offset: 0, action: 'user.delete' });
      expect(audit.items).toEqual([expect.objectContaining({ targetId: 'u-1', before: expect.objectContaining({ username: 'adam' }), after: null })]);
    });
  });
}
