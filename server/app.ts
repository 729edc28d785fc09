// Assembles the collector: error contract, rate limiting, guards and one module per resource.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearerToken, makeGuards } from './auth/guards.js';
import { hashSecret } from './auth/tokens.js';
import type { LogLevel, ServerConfig } from './config.js';
import { ApiError, errorHandler, notFoundHandler } from './errors.js';
import { CorrelationService } from './farm/service.js';
import { parseLabNetworks } from './farm/public-egress.js';
import { createGeoIp } from './geoip/geoip.js';
import { IngestWorkers } from './ingest/ingest-workers.js';
import { alertChanges } from './outputs/alert-changes.js';
import { registerAdminPolicyRoutes } from './routes/admin-policy.js';
import { registerAlertActionRoutes } from './routes/alert-actions.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerAlertStatsRoutes } from './routes/alert-stats.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerClusterRoutes } from './routes/clusters.js';
import { registerCollectorOutputs, type OutputTuning } from './routes/collector-outputs.js';
import { registerComplianceRoutes } from './routes/compliance.js';
import { registerConsoleRoutes } from './routes/console.js';
import type { RouteContext } from './routes/context.js';
import { registerDeviceRoutes } from './routes/devices.js';
import { registerDeviceTimelineRoutes } from './routes/device-timeline.js';
import { registerEnrollRoutes } from './routes/enroll.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInventoryRoutes } from './routes/inventory.js';
import { registerOfficeRoutes } from './routes/offices.js';
import { registerOpenApiRoutes } from './routes/openapi.js';
import { registerPolicyRoutes } from './routes/policy.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerSuppressionRoutes } from './routes/suppressions.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerUserRoutes } from './routes/users.js';
import type { Store } from './store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Method and URL of every route registered by buildApp (HEAD twins left out). */
    registeredRoutes: readonly { method: string; url: string }[];
    /** This process's co-location engine, started when the app is ready (server/farm/service.ts). */
    correlation: CorrelationService;
  }
}

export interface BuildAppOptions {
  config: ServerConfig;
  store: Store;
  /** A pino logger (fastify's logger interface). */
  logger: FastifyBaseLogger;
  /** Whether this process raises farm alerts (the job leader); default: always (one collector). */
  leading?: () => boolean;
  /** Alert dispatcher timing (tests shorten it); the dispatcher runs while `leading()` holds. */
  outputs?: OutputTuning;
}

/** Many agents can share one NAT address, so authenticated callers are limited per token. */
function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request);
  return token ? `token:${hashSecret(token)}` : `ip:${request.ip}`;
}

export async function buildApp({ config, store, logger, leading = () => true, outputs }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Fastify's own 503 body would break the error contract; requests that arrive while closing
    // are served, and close() waits for them.
    return503OnClosing: false,
  });

  // JSON only: any other content type, text/plain included, is answered with 415.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('auth', null);
  app.setErrorHandler(errorHandler);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: () => new ApiError('RATE_LIMITED'),
  });
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, notFoundHandler);

  // Every route with its method, so test/server/openapi.test.ts can hold the OpenAPI document to them.
  const routes: { method: string; url: string }[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', ({ method, url }) => {
    for (const m of [method].flat()) if (m !== 'HEAD') routes.push({ method: m, url });
  });

  const correlation = new CorrelationService({
    store, logger, labNetworks: parseLabNetworks(config.correlationLabNetworks), pollMs: config.correlationPollMs, leading,
  });
  app.decorate('correlation', correlation);
  app.addHook('onReady', () => correlation.start());
  app.addHook('onClose', () => correlation.stop());
  // Reports are decoded, judged and stored on ingest threads with their own database connections.
  const ingest = new IngestWorkers({
    workerData: {
      store: store.location,
      config: { collectorLocation: config.collectorLocation, rttInflation: config.rttInflation, rttAllowanceMs: config.rttAllowanceMs },
      // Worker logs: the app logger's level; pretty on a terminal, as createLogger decides for the main thread.
      log: { level: logger.level as LogLevel, pretty: process.stdout.isTTY === true },
    },
    workers: config.ingestWorkers, maxQueueBytes: config.ingestQueueBytes, logger,
    onStored: (facts, offices) => void correlation.observeStored(facts, offices).catch((error: unknown) => logger.error({ err: error }, 'co-location of stored reports failed')),
    onAlertChanges: (notices) => notices.forEach((notice) => alertChanges.emit('change', notice)),
  });
  app.addHook('onReady', () => ingest.start());
  app.addHook('onClose', () => ingest.close());
  // GeoIP databases open on the first report (start warms them), so tests and CLI commands pay nothing.
  const context: RouteContext = { store, guards: makeGuards(store), geoip: createGeoIp(config), ingest, correlation };
  registerHealthRoutes(app);
  registerEnrollRoutes(app, context);
  registerReportRoutes(app, context);
  registerPolicyRoutes(app, context);
  registerDeviceRoutes(app, context);
  registerAlertRoutes(app, context);
  registerInventoryRoutes(app, context);
  registerOfficeRoutes(app, context);
  registerAlertActionRoutes(app, context);
  registerAuditRoutes(app, context);
  registerClusterRoutes(app, context);
  registerComplianceRoutes(app, context, config);
  registerSuppressionRoutes(app, context);
  registerAdminPolicyRoutes(app, context);
  registerTokenRoutes(app, context);
  registerCollectorOutputs(app, context, config, { leading, tuning: outputs });
  registerOpenApiRoutes(app, context);
  registerSessionRoutes(app, context, config);
  registerUserRoutes(app, context);
  registerDeviceTimelineRoutes(app, context);
  registerAlertStatsRoutes(app, context);
  await registerConsoleRoutes(app);
  return app;
}
