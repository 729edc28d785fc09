// POST /api/v1/reports: an agent delivers one scan. Idempotent on reportId, so a spool can resend.
import type { FastifyInstance } from 'fastify';
import { Report, SCHEMA_VERSION, type ReportAccepted } from '../../shared/index.js';
import { checkHardwareClone } from '../alerts/clones.js';
import { employeeIdsFor } from '../alerts/employees.js';
import { decideAlerts } from '../alerts/rules.js';
import { suppressingRule, type SuppressionContext } from '../alerts/suppression.js';
import { agentOf } from '../auth/guards.js';
import { ApiError, parseOrThrow } from '../errors.js';
import { withFindings } from '../location/enrich-report.js';
import type { Store } from '../store/store.js';
import type { RouteContext } from './context.js';

/** Counts the suppressions the report hit, and looks for other agents on the same hardware. */
async function afterReportStored(store: Store, agentId: string, receivedAt: string, suppressionHits: string[],
  context: Omit<SuppressionContext, 'agentIds'>): Promise<void> {
  await store.countSuppressed(suppressionHits, receivedAt);
  await checkHardwareClone(store, agentId, receivedAt, context);
}

export function registerReportRoutes(app: FastifyInstance, { store, guards, enricher, correlation }: RouteContext): void {
  app.post('/api/v1/reports', { preParsing: guards.requireAgent }, async (request, reply) => {
    const report = parseOrThrow(Report, request.body);
    const agentId = agentOf(request);
    if (report.agentId !== agentId) throw new ApiError('FORBIDDEN', 'The report names a different agent than the token.');

    const receivedAt = new Date().toISOString();
    const suppressions = await store.activeSuppressions(receivedAt);
    const context = {
      egressIp: request.ip,
      employeeIds: await employeeIdsFor(store, { agentId, serial: report.host.serial ?? null, hostname: report.host.hostname }, suppressions),
      ...(report.network.gatewayMacHash ? { gatewayMacHash: report.network.gatewayMacHash } : {}),
    };
    // Egress and location findings (server/location/enrich-report.ts) join the agent's findings in the alert rule.
    const enrichment = await enricher?.enrich(report, request.ip, request.log);
    const rule = suppressingRule(withFindings(decideAlerts, enrichment?.findings ?? []), suppressions, context);
    const result = await store.recordReport({ report, receivedAt, decideAlerts: rule.decide });
    if (result.outcome === 'foreign_duplicate') throw new ApiError('CONFLICT', 'This reportId was already used by another agent.');
    if (result.outcome === 'stored' && enrichment?.egress) await store.recordEgress(agentId, report.reportId, enrichment.egress, receivedAt);
    if (result.outcome === 'stored') {
      request.log.info({ agentId, reportId: report.reportId, findings: report.findings.length,
        alertsOpened: result.alertsOpened, alertsUpdated: result.alertsUpdated, suppressed: rule.hits().length }, 'report stored');
      await afterReportStored(store, agentId, receivedAt, rule.hits(), context).catch((error: unknown) => {
        // The report is stored; a failed follow-up must not make the agent resend it.
        request.log.error({ err: error, agentId, reportId: report.reportId }, 'post-report checks failed');
      });
      correlation?.nudge();
    }
    const accepted: ReportAccepted = { schemaVersion: SCHEMA_VERSION, reportId: report.reportId, duplicate: result.outcome === 'duplicate' };
    return reply.code(202).send(accepted);
  });
}
