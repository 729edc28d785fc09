// Everything the collector does with alert outputs, metrics and exports, registered by buildApp
// in one call: the metrics registry and its hooks, the outputs API, the exports, and the alert
// dispatcher, which runs while this collector leads the jobs (server/outputs/service.ts).
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { BackoffOptions } from '../outputs/backoff.js';
import { createMetrics, type FarmWatchMetrics } from '../outputs/metrics.js';
import { OutputService } from '../outputs/service.js';
import type { RouteContext } from './context.js';
import { registerExportRoutes } from './exports.js';
import { registerMetricsRoutes } from './metrics.js';
import { registerOutputRoutes } from './outputs.js';

/** Dispatcher timing; the defaults suit production, tests shorten them. */
export interface OutputTuning {
  pollIntervalMs?: number;
  checkIntervalMs?: number;
  backoff?: BackoffOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This collector's Prometheus metrics (GET /metrics). */
    metrics: FarmWatchMetrics;
    /** The alert dispatcher's leadership-following runner. */
    outputs: OutputService;
  }
}

export function registerCollectorOutputs(app: FastifyInstance, context: RouteContext, config: ServerConfig,
  options: { leading: () => boolean; tuning?: OutputTuning }): void {
  const metrics = createMetrics();
  app.decorate('metrics', metrics);
  registerMetricsRoutes(app, context, metrics, config);
  registerOutputRoutes(app, context);
  registerExportRoutes(app, context);
  const service = new OutputService({
    store: context.store, leading: options.leading, logger: app.log, metrics, retentionDays: config.retentionDays, consoleBaseUrl: config.publicUrl,
    ...options.tuning,
  });
  app.decorate('outputs', service);
  app.addHook('onReady', async () => service.start());
  app.addHook('onClose', () => service.stop());
}
