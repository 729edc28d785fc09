// GET /healthz: liveness for load balancers and service managers. No authentication.
import type { FastifyInstance } from 'fastify';

export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/healthz', async () => ({ status: 'ok' as const }));
}
