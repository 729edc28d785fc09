// GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API, for any admin token
// (only /healthz is public). Built once, on first request.
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from '../openapi/document.js';
import type { RouteContext } from './context.js';

export function registerOpenApiRoutes(app: FastifyInstance, { guards }: RouteContext): void {
  let document: Record<string, unknown> | undefined;
  app.get('/api/v1/openapi.json', { preParsing: guards.requireAdmin }, async () => (document ??= buildOpenApiDocument()));
}
