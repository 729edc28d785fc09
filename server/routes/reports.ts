// POST /api/v1/reports: an agent delivers one scan. Idempotent on reportId, so a spool can resend.
import type { FastifyInstance } from 'fastify';
import { Report, SCHEMA_VERSION, type ReportAccepted } from '../../shared/index.js';
import { decideAlerts } from '../alerts/rules.js';
import { agentOf } from '../auth/guards.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { RouteContext } from './context.js';

export function registerReportRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.post('/api/v1/reports', { preParsing: guards.requireAgent }, async (request, reply) => {
    const report = parseOrThrow(Report, request.body);
    const agentId = agentOf(request);
    if (report.agentId !== agentId) throw new ApiError('FORBIDDEN', 'The report names a different agent than the token.');

    const result = await store.recordReport({ report, receivedAt: new Date().toISOString(), decideAlerts });
    if (result.outcome === 'foreign_duplicate') throw new ApiError('CONFLICT', 'This reportId was already used by another agent.');
    if (result.outcome === 'stored') {
      request.log.info({ agentId, reportId: report.reportId, findings: report.findings.length,
        alertsOpened: result.alertsOpened, alertsUpdated: result.alertsUpdated }, 'report stored');
    }
    const accepted: ReportAccepted = { schemaVersion: SCHEMA_VERSION, reportId: report.reportId, duplicate: result.outcome === 'duplicate' };
    return reply.code(202).send(accepted);
  });
}
