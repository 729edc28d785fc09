// GET /api/v1/devices and /api/v1/devices/:id: enrolled laptops for analysts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Uuid } from '../../shared/index.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

export const DeviceListQuery = z.strictObject({ ...PageParams });

export function registerDeviceRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/devices', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(DeviceListQuery, request.query);
    const page = await store.listDevices(query);
    // Inventory record (employee, claimed location) and last egress: server/store/inventory-store.ts.
    const contexts = await store.deviceContexts(page.items);
    const devices = page.items.map((d) => ({ ...d, ...contexts.get(d.agentId) }));
    return { devices, total: page.total, limit: query.limit, offset: query.offset };
  });

  app.get<{ Params: { id: string } }>('/api/v1/devices/:id', { preParsing: guards.requireAdmin }, async (request) => {
    const { id } = request.params;
    const detail = Uuid.safeParse(id).success ? await store.getDevice(id) : undefined;
    if (!detail) throw new ApiError('NOT_FOUND', 'No device with that id.');
    const contexts = await store.deviceContexts([detail.device]);
    return { ...detail, device: { ...detail.device, ...contexts.get(detail.device.agentId) } };
  });
}
