// Suppression rules: GET (any admin role), POST and DELETE (analyst or admin), all audited.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Uuid, text } from '../../shared/index.js';
import { isSuppressionNetwork } from '../alerts/suppression.js';
import { actorOf } from '../auth/guards.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

const CRITERIA = ['agentId', 'employeeId', 'signal', 'tool', 'network'] as const;

export const SuppressionBody = z.strictObject({
  agentId: Uuid.optional(),
  /** Employee id as the inventory knows it. */
  employeeId: text(128).trim().min(1).optional(),
  signal: z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, 'expected a signal id like category.name').optional(),
  /** A finding subject: the tool or device name, compared case-insensitively. */
  tool: text(255).trim().min(1).optional(),
  /** A CIDR containing the egress address, or a gateway MAC keyed hash (32 hex digits). */
  network: z.string().trim().toLowerCase().refine(isSuppressionNetwork, 'expected a CIDR (192.0.2.0/24, 2001:db8::/32) or a 32-hex-digit gateway MAC hash').optional(),
  reason: text(1024).trim().min(1).optional(),
  expiresAt: z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()).optional(),
}).refine((body) => CRITERIA.some((c) => body[c] !== undefined), {
  message: `give at least one of ${CRITERIA.join(', ')}`,
});

export const SuppressionListQuery = z.strictObject({ ...PageParams });

export function registerSuppressionRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/suppressions', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(SuppressionListQuery, request.query);
    const page = await store.listSuppressions(query);
    return { suppressions: page.items, total: page.total, limit: query.limit, offset: query.offset };
  });

  app.post('/api/v1/suppressions', { preParsing: guards.requireAnalyst }, async (request, reply) => {
    const body = parseOrThrow(SuppressionBody, request.body);
    const now = new Date().toISOString();
    if (body.expiresAt !== undefined && body.expiresAt <= now) {
      throw new ApiError('VALIDATION_FAILED', undefined, [{ path: 'expiresAt', message: 'must be in the future' }]);
    }
    const created = await store.createSuppression({
      id: randomUUID(), agentId: body.agentId ?? null, employeeId: body.employeeId ?? null, signal: body.signal ?? null,
      tool: body.tool ?? null, network: body.network ?? null, reason: body.reason ?? null,
      createdAt: now, expiresAt: body.expiresAt ?? null,
    }, actorOf(request));
    return reply.code(201).send(created);
  });

  app.delete<{ Params: { id: string } }>('/api/v1/suppressions/:id', { preParsing: guards.requireAnalyst }, async (request, reply) => {
    if (!(await store.deleteSuppression(request.params.id, actorOf(request), new Date().toISOString()))) {
      throw new ApiError('NOT_FOUND', 'No suppression rule with that id.');
    }
    return reply.code(204).send();
  });
}
