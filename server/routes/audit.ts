// GET /api/v1/audit: who changed what and when, newest first. Analysts and admins only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

/** Any ISO-8601 time with an offset, compared as the instant it names. */
const Instant = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());
const Name = z.string().min(1).max(128);

export const AuditQuery = z.strictObject({
  action: Name.optional(),
  targetType: Name.optional(),
  targetId: Name.optional(),
  actorTokenId: Name.optional(),
  since: Instant.optional(),
  until: Instant.optional(),
  ...PageParams,
});

export function registerAuditRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/audit', { preParsing: guards.requireAnalyst }, async (request) => {
    const query = parseOrThrow(AuditQuery, request.query);
    const page = await store.listAudit(query);
    return { entries: page.items, total: page.total, limit: query.limit, offset: query.offset };
  });
}
