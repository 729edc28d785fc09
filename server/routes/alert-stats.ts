// GET /api/v1/alerts/stats: alerts first seen per UTC day by category and severity, counted by the
// store, for the console's fleet overview. Fastify matches this static path before /alerts/:id.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import { ALERT_STATS_MAX_DAYS, alertCountDays } from '../store/alert-stats-store.js';
import type { RouteContext } from './context.js';

export const ALERT_STATS_DEFAULT_DAYS = 14;

export const AlertStatsQuery = z.strictObject({
  days: z.string().regex(/^\d+$/, 'expected a whole number').transform(Number)
    .pipe(z.number().int().min(1, 'at least 1').max(ALERT_STATS_MAX_DAYS, `at most ${ALERT_STATS_MAX_DAYS}`))
    .default(ALERT_STATS_DEFAULT_DAYS),
});

export function registerAlertStatsRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/alerts/stats', { preParsing: guards.requireAdmin }, async (request) => {
    const { days } = parseOrThrow(AlertStatsQuery, request.query);
    const now = new Date().toISOString();
    const series = await store.alertCounts({ days, now });
    return { days: alertCountDays({ days, now }).days, series };
  });
}
