// Admin API tokens, for admins: GET /api/v1/tokens (no secrets), POST mints one (its secret is in
// that answer only), DELETE revokes one. Every change is audited; the last admin token stays.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { text } from '../../shared/index.js';
import { actorOf } from '../auth/guards.js';
import { hashSecret, mintToken } from '../auth/tokens.js';
import { ApiError, parseOrThrow } from '../errors.js';
import { ADMIN_ROLES } from '../store/store.js';
import type { RouteContext } from './context.js';

export const TokenBody = z.strictObject({
  role: z.enum(ADMIN_ROLES),
  label: text(128).trim().min(1).optional(),
});

export function registerTokenRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/tokens', { preParsing: guards.requireAdminRole }, async () => ({ tokens: await store.listAdminTokens() }));

  app.post('/api/v1/tokens', { preParsing: guards.requireAdminRole }, async (request, reply) => {
    const body = parseOrThrow(TokenBody, request.body);
    const secret = mintToken('admin');
    const token = { id: randomUUID(), role: body.role, label: body.label ?? null, createdAt: new Date().toISOString() };
    await store.issueAdminTokenAs({ ...token, tokenHash: hashSecret(secret) }, actorOf(request));
    request.log.info({ tokenId: token.id, role: token.role, actor: actorOf(request) }, 'admin token issued');
    return reply.code(201).send({ token: { ...token, revokedAt: null }, secret });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', { preParsing: guards.requireAdminRole }, async (request) => {
    const result = await store.revokeAdminToken(request.params.id, actorOf(request), new Date().toISOString());
    if (result.outcome === 'not_found') throw new ApiError('NOT_FOUND', 'No admin token with that id.');
    if (result.outcome === 'refused') throw new ApiError('CONFLICT', result.reason);
    request.log.info({ tokenId: request.params.id, actor: actorOf(request) }, 'admin token revoked');
    return { token: result.token };
  });
}
