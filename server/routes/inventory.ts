// /api/v1/inventory: which employee each device belongs to and where they claim to work.
// POST takes CSV (text/csv, header row) or JSON; ?replace=true drops records the import omits.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';
import { InventoryFormatError, parseInventoryCsv, parseInventoryJson } from '../inventory/parse.js';
import { toInventoryRecord } from '../inventory/record.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

const InventoryListQuery = z.strictObject({ ...PageParams });
const ImportQuery = z.strictObject({
  replace: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});

export function registerInventoryRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/inventory', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(InventoryListQuery, request.query);
    const page = await store.listInventory(query);
    return { inventory: page.items, total: page.total, limit: query.limit, offset: query.offset };
  });

  // CSV is accepted here only: an encapsulated scope keeps every other route JSON-only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/api/v1/inventory', { preParsing: guards.requireAdmin }, async (request) => {
      const { replace } = parseOrThrow(ImportQuery, request.query);
      let records;
      try {
        records = typeof request.body === 'string' ? parseInventoryCsv(request.body) : parseInventoryJson(request.body);
      } catch (error) {
        if (error instanceof InventoryFormatError) {
          throw new ApiError('VALIDATION_FAILED', 'The inventory has invalid records; nothing was imported. See details for each line.', error.issues);
        }
        throw error;
      }
      const importedAt = new Date().toISOString();
      const result = await store.importInventory(records.map((r) => toInventoryRecord(r, importedAt)), { replace });
      request.log.info({ ...result, replace }, 'inventory imported');
      return { imported: records.length, ...result };
    });
  });
}
