// Assembles the collector: error contract, rate limiting, guards and one module per resource.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearerToken, makeGuards } from './auth/guards.js';
import { hashSecret } from './auth/tokens.js';
import type { ServerConfig } from './config.js';
import { ApiError, errorHandler, notFoundHandler } from './errors.js';
import { registerAlertRoutes } from './routes/alerts.js';
import type { RouteContext } from './routes/context.js';
import { registerDeviceRoutes } from './routes/devices.js';
import { registerEnrollRoutes } from './routes/enroll.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerPolicyRoutes } from './routes/policy.js';
import { registerReportRoutes } from './routes/reports.js';
import type { Store } from './store/store.js';

export interface BuildAppOptions {
  config: ServerConfig;
  store: Store;
  /** A pino logger (fastify's logger interface). */
  logger: FastifyBaseLogger;
}

/** Many agents can share one NAT address, so authenticated callers are limited per token. */
function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request);
  return token ? `token:${hashSecret(token)}` : `ip:${request.ip}`;
}

export async function buildApp({ config, store, logger }: BuildAppOptions): Promise<FastifyInstance> {
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

  const context: RouteContext = { store, guards: makeGuards(store) };
  registerHealthRoutes(app);
  registerEnrollRoutes(app, context);
  registerReportRoutes(app, context);
  registerPolicyRoutes(app, context);
  registerDeviceRoutes(app, context);
  registerAlertRoutes(app, context);
  return app;
}
