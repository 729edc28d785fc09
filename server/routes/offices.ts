// /api/v1/offices: declared office networks, where laptops of many employees legitimately share
// an egress address or a gateway.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Uuid } from '../../shared/index.js';
import { ApiError, parseOrThrow } from '../errors.js';
import { OfficeInput, type Office } from '../offices/office.js';
import type { RouteContext } from './context.js';

export function registerOfficeRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/offices', { preParsing: guards.requireAdmin }, async () => ({ offices: await store.listOffices() }));

  app.post('/api/v1/offices', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const input = parseOrThrow(OfficeInput, request.body);
    const office: Office = { id: randomUUID(), ...input, createdAt: new Date().toISOString() };
    await store.createOffice(office);
    request.log.info({ officeId: office.id, name: office.name }, 'office created');
    return reply.code(201).send({ office });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/offices/:id', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const { id } = request.params;
    if (!Uuid.safeParse(id).success || !(await store.deleteOffice(id))) throw new ApiError('NOT_FOUND', 'No office with that id.');
    request.log.info({ officeId: id }, 'office deleted');
    return reply.code(204).send();
  });
}
