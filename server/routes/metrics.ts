// GET /metrics (Prometheus text format) for any admin token, and the hooks that feed the counters:
// request latency by route pattern, reports stored or refused (by error code), alerts opened.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config.js';
import { silentAfterMs } from '../jobs/expected-interval.js';
import { alertChanges, type AlertChangeNotice } from '../outputs/alert-changes.js';
import { observeHttpRequest, renderMetrics, type FarmWatchMetrics } from '../outputs/metrics.js';
import type { RouteContext } from './context.js';
import { currentPolicy } from './policy.js';

const REPORTS_ROUTE = '/api/v1/reports';

/** The error code of an error body, or the status when the body is not one. */
function rejectionReason(payload: unknown, status: number): string {
  if (typeof payload === 'string') {
    try {
      const code = (JSON.parse(payload) as { error?: { code?: unknown } }).error?.code;
      if (typeof code === 'string') return code;
    } catch {
      // Not JSON: fall through to the status.
    }
  }
  return `HTTP_${status}`;
}

function isReportDelivery(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions.url === REPORTS_ROUTE;
}

export function registerMetricsRoutes(app: FastifyInstance, { store, guards }: RouteContext, metrics: FarmWatchMetrics,
  config: Pick<ServerConfig, 'silentAfterFactor'>): void {
  app.addHook('onResponse', async (request, reply) => {
    observeHttpRequest(metrics, { method: request.method, route: request.routeOptions.url, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isReportDelivery(request)) return payload;
    if (reply.statusCode === 202) {
      if (typeof payload === 'string' && payload.includes('"duplicate":true')) metrics.reportRejections.inc({ reason: 'duplicate' });
      else metrics.reportsIngested.inc();
    } else metrics.reportRejections.inc({ reason: rejectionReason(payload, reply.statusCode) });
    return payload;
  });

  const onAlertChange = (notice: AlertChangeNotice) => {
    if (notice.kind === 'opened') metrics.alerts.inc({ type: notice.type, severity: notice.severity });
  };
  alertChanges.on('change', onAlertChange);
  app.addHook('onClose', async () => {
    alertChanges.off('change', onAlertChange);
  });

  app.get('/metrics', { preParsing: guards.requireAdmin }, async (_request, reply) => {
    // Counted now, so every collector answers the same, whichever of them leads the jobs.
    const cutoff = new Date(Date.now() - silentAfterMs(await currentPolicy(store), config.silentAfterFactor)).toISOString();
    metrics.agentsSilent.set(await store.countSilentAgents(cutoff));
    const { contentType, body } = await renderMetrics(metrics);
    return reply.type(contentType).send(body);
  });
}
