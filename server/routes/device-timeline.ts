// GET /api/v1/devices/:id/reports: a device's timeline of scans and their findings, newest first, paged.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

export const DeviceTimelineQuery = z.strictObject({ ...PageParams });

export function registerDeviceTimelineRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get<{ Params: { id: string } }>('/api/v1/devices/:id/reports', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(DeviceTimelineQuery, request.query);
    if (!(await store.getDevice(request.params.id))) throw new ApiError('NOT_FOUND', 'No device with that agent id.');
    const page = await store.deviceTimeline(request.params.id, query);
    return { reports: page.items, total: page.total, limit: query.limit, offset: query.offset };
  });
}
