// Console users, for admins: GET /api/v1/users, POST creates one (a generated password is in that
// answer only), PATCH changes role, disabled or password (ending its sessions), DELETE removes one
// and its sessions. Every change is audited.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../auth/guards.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { Password, Username, addUser } from '../auth/users.js';
import { ApiError, parseOrThrow } from '../errors.js';
import { ADMIN_ROLES } from '../store/store.js';
import type { RouteContext } from './context.js';

export const UserBody = z.strictObject({
  username: Username,
  role: z.enum(ADMIN_ROLES),
  /** Omitted: the collector generates one and answers it once. */
  password: Password.optional(),
});

export const UserChangeBody = z.strictObject({
  role: z.enum(ADMIN_ROLES).optional(),
  disabled: z.boolean().optional(),
  /** A new password; `generate` makes one and answers it once. */
  password: z.union([Password, z.literal('generate')]).optional(),
}).refine((body) => Object.keys(body).length > 0, { message: 'give at least one of role, disabled, password' });

export function registerUserRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/users', { preParsing: guards.requireAdminRole }, async () => ({ users: await store.listUsers() }));

  app.post('/api/v1/users', { preParsing: guards.requireAdminRole }, async (request, reply) => {
    const body = parseOrThrow(UserBody, request.body);
    const result = await addUser(store, body, actorOf(request));
    if (result.outcome === 'exists') throw new ApiError('CONFLICT', `A user named ${body.username} exists already.`);
    request.log.info({ userId: result.user.id, role: result.user.role, actor: actorOf(request) }, 'console user created');
    return reply.code(201).send({ user: result.user, ...(result.generatedPassword ? { password: result.generatedPassword } : {}) });
  });

  app.patch<{ Params: { id: string } }>('/api/v1/users/:id', { preParsing: guards.requireAdminRole }, async (request) => {
    const body = parseOrThrow(UserChangeBody, request.body);
    const actor = actorOf(request);
    if (actor.kind === 'user' && actor.userId === request.params.id && (body.disabled || (body.role && body.role !== 'admin'))) {
      throw new ApiError('CONFLICT', 'You cannot disable yourself or take away your own admin role.');
    }
    const generated = body.password === 'generate' ? generatePassword() : undefined;
    const password = generated ?? body.password;
    const user = await store.updateUser(request.params.id, {
      ...(body.role ? { role: body.role } : {}), ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
      ...(password ? { passwordHash: await hashPassword(password) } : {}),
    }, actor, new Date().toISOString());
    if (!user) throw new ApiError('NOT_FOUND', 'No user with that id.');
    request.log.info({ userId: user.id, changed: Object.keys(body), actor }, 'console user changed');
    return { user, ...(generated ? { password: generated } : {}) };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/users/:id', { preParsing: guards.requireAdminRole }, async (request) => {
    const actor = actorOf(request);
    if (actor.kind === 'user' && actor.userId === request.params.id) throw new ApiError('CONFLICT', 'You cannot delete the user you are signed in as.');
    const user = await store.deleteUser(request.params.id, actor, new Date().toISOString());
    if (!user) throw new ApiError('NOT_FOUND', 'No user with that id.');
    request.log.info({ userId: user.id, actor }, 'console user deleted');
    return { user };
  });
}
