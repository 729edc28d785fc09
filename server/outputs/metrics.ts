// Prometheus metrics of the collector (prom-client), on a registry of their own so tests and
// several apps in one process do not share counters. The collector registers GET /metrics with
// renderMetrics() and feeds the counters from its routes and jobs.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface FarmWatchMetrics {
  registry: Registry;
  /** Reports stored (duplicates not counted). */
  reportsIngested: Counter;
  /** Reports refused, by reason (an error code such as VALIDATION_FAILED, or duplicate). */
  reportRejections: Counter<'reason'>;
  /** Alerts opened, by type and severity. */
  alerts: Counter<'type' | 'severity'>;
  /** Agents currently silent past their expected interval. */
  agentsSilent: Gauge;
  /** Failed delivery attempts, by output id. */
  outputDeliveryFailures: Counter<'output'>;
  /** HTTP request latency; `route` is the route pattern (e.g. /api/v1/alerts/:id), never the raw URL. */
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

export interface MetricsOptions {
  /** Also export the process metrics (CPU, memory, event loop, GC) prefixed farmwatch_. Default true. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): FarmWatchMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'farmwatch_' });
  const registers = [registry];
  return {
    registry,
    reportsIngested: new Counter({ name: 'farmwatch_reports_ingested_total', help: 'Agent reports stored.', registers }),
    reportRejections: new Counter({
      name: 'farmwatch_report_rejections_total', help: 'Agent reports refused, by reason.', labelNames: ['reason'], registers,
    }),
    alerts: new Counter({
      name: 'farmwatch_alerts_total', help: 'Alerts opened, by type and severity.', labelNames: ['type', 'severity'], registers,
    }),
    agentsSilent: new Gauge({ name: 'farmwatch_agents_silent', help: 'Agents that have not reported within their expected interval.', registers }),
    outputDeliveryFailures: new Counter({
      name: 'farmwatch_output_delivery_failures_total', help: 'Failed alert delivery attempts, by output.', labelNames: ['output'], registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'farmwatch_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

/** Records one HTTP request; `route` should be the matched pattern, or "unmatched" for 404s. */
export function observeHttpRequest(metrics: FarmWatchMetrics, request: { method: string; route: string | undefined; status: number; seconds: number }): void {
  metrics.httpRequestDuration.observe(
    { method: request.method, route: request.route ?? 'unmatched', status: String(request.status) },
    request.seconds,
  );
}

/** The body and content type of GET /metrics (Prometheus text format 0.0.4). */
export async function renderMetrics(metrics: FarmWatchMetrics): Promise<{ contentType: string; body: string }> {
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
