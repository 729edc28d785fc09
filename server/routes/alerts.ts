// GET /api/v1/alerts: alerts for analysts, filtered and paged, most recently seen first unless sorted otherwise.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Severity, Uuid } from '../../shared/index.js';
import { parseOrThrow } from '../errors.js';
import { ALERT_SORTS, ALERT_STATUSES, ALERT_TYPES } from '../store/store.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

export const AlertListQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: Severity.optional(),
  signal: z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, 'expected a signal id like category.name').optional(),
  type: z.enum(ALERT_TYPES).optional(),
  assignee: z.string().min(1).max(128).optional(),
  agentId: Uuid.optional(),
  /** lastSeen at or after / before (ISO-8601 with offset). */
  since: z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()).optional(),
  until: z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()).optional(),
  sort: z.enum(ALERT_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  ...PageParams,
});

export function registerAlertRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/alerts', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(AlertListQuery, request.query);
    const page = await store.listAlerts(query);
    return { alerts: page.items, total: page.total, limit: query.limit, offset: query.offset };
  });
}
