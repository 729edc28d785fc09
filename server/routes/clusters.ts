// GET /api/v1/clusters and /api/v1/clusters/:id: co-location clusters (devices of different
// employees on one network) with their scores, from this collector's engine.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';
import { clusterDetail, clusterSummary } from '../farm/cluster-views.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

export const ClusterListQuery = z.strictObject({
  minScore: z.string().regex(/^\d+(\.\d+)?$/, 'expected a number from 0 to 100').transform(Number).pipe(z.number().min(0).max(100)).optional(),
  suspected: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...PageParams,
});

export const ClusterParams = z.strictObject({ id: z.string().min(1).max(200) });

export function registerClusterRoutes(app: FastifyInstance, { guards, correlation }: RouteContext): void {
  const engine = () => {
    if (!correlation) throw new ApiError('UNAVAILABLE', 'Co-location correlation is not running in this collector.');
    return correlation;
  };

  app.get('/api/v1/clusters', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(ClusterListQuery, request.query);
    const service = engine();
    const matching = service.engine.clusters().filter((c) =>
      (query.minScore === undefined || c.score.score >= query.minScore)
      && (query.suspected === undefined || c.score.farmSuspected === query.suspected));
    const deviceOf = (id: string) => service.device(id);
    return {
      clusters: matching.slice(query.offset, query.offset + query.limit).map((c) => clusterSummary(c, deviceOf)),
      total: matching.length, limit: query.limit, offset: query.offset,
    };
  });

  app.get('/api/v1/clusters/:id', { preParsing: guards.requireAdmin }, async (request) => {
    const { id } = parseOrThrow(ClusterParams, request.params);
    const service = engine();
    const cluster = service.engine.cluster(id);
    if (!cluster) throw new ApiError('NOT_FOUND', `No cluster ${id}.`);
    return { cluster: clusterDetail(cluster, (d) => service.device(d)) };
  });
}
