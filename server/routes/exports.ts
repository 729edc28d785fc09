// Exports for analysts and peers: alerts and devices as CSV (streamed page by page, with the
// formula guard of server/export/csv.ts) or JSON, with the list endpoints' filters, and a
// suspected farm's indicators as a STIX 2.1 bundle. Any admin role may export.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';
import { ALERT_COLUMNS, DEVICE_COLUMNS } from '../export/columns.js';
import { csvStream, type CsvColumn } from '../export/csv.js';
import { jsonExportText, type ExportKind } from '../export/json.js';
import { farmStixBundle, TLP_LEVELS } from '../export/stix.js';
import type { Page } from '../store/store.js';
import { AlertListQuery } from './alerts.js';
import { ClusterParams } from './clusters.js';
import type { RouteContext } from './context.js';
import { farmIndicators } from './farm-indicators.js';

const EXPORT_PAGE = 500;
const Format = z.enum(['csv', 'json']).default('csv');

export const AlertExportQuery = AlertListQuery.omit({ limit: true, offset: true }).extend({ format: Format });
export const DeviceExportQuery = z.strictObject({ format: Format });
export const StixQuery = z.strictObject({ tlp: z.enum(TLP_LEVELS).default('amber') });

/** Every item of a paged list, one page at a time (a row changing between pages may move across them). */
async function* everyItem<T>(page: (offset: number) => Promise<Page<T>>): AsyncGenerator<T> {
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const { items } = await page(offset);
    yield* items;
    if (items.length < EXPORT_PAGE) return;
  }
}

async function sendExport<T>(reply: FastifyReply, kind: ExportKind, format: 'csv' | 'json', columns: readonly CsvColumn<T>[],
  items: () => AsyncGenerator<T>, shown: (item: T) => unknown = (item) => item): Promise<FastifyReply> {
  const exportedAt = new Date().toISOString();
  const filename = `farmwatch-${kind}-${exportedAt.slice(0, 19).replaceAll(':', '')}Z.${format}`;
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(Readable.from(csvStream(columns, items())));
  const all: unknown[] = [];
  for await (const item of items()) all.push(shown(item));
  return reply.type('application/json; charset=utf-8').send(jsonExportText(kind, all, exportedAt));
}

export function registerExportRoutes(app: FastifyInstance, { store, guards, correlation }: RouteContext): void {
  app.get('/api/v1/alerts/export', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const { format, ...filters } = parseOrThrow(AlertExportQuery, request.query);
    return sendExport(reply, 'alerts', format, ALERT_COLUMNS,
      () => everyItem((offset) => store.listAlerts({ ...filters, limit: EXPORT_PAGE, offset })));
  });

  app.get('/api/v1/devices/export', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const { format } = parseOrThrow(DeviceExportQuery, request.query);
    if (format === 'csv') return sendExport(reply, 'devices', format, DEVICE_COLUMNS, () => everyItem((offset) => store.listDevices({ limit: EXPORT_PAGE, offset })));
    // JSON items as GET /api/v1/devices shows them: with the inventory record and last egress.
    const withContext = async (offset: number) => {
      const page = await store.listDevices({ limit: EXPORT_PAGE, offset });
      const contexts = await store.deviceContexts(page.items);
      return { ...page, items: page.items.map((d) => ({ ...d, ...contexts.get(d.agentId) })) };
    };
    return sendExport(reply, 'devices', format, DEVICE_COLUMNS, () => everyItem(withContext));
  });

  app.get('/api/v1/clusters/:id/stix', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const { id } = parseOrThrow(ClusterParams, request.params);
    const { tlp } = parseOrThrow(StixQuery, request.query);
    if (!correlation) throw new ApiError('UNAVAILABLE', 'Co-location correlation is not running in this collector.');
    const cluster = correlation.engine.cluster(id);
    if (!cluster) throw new ApiError('NOT_FOUND', `No cluster ${id}.`);
    const indicators = farmIndicators(cluster, (agentId) => correlation.device(agentId));
    if (!indicators.egressIps.length && !indicators.gatewayMacHashes.length && !indicators.wifiBssidHashes.length) {
      throw new ApiError('CONFLICT', 'This cluster has no public egress address or network identifier to share.');
    }
    return reply.type('application/stix+json; version=2.1').header('content-disposition', `attachment; filename="farmwatch-cluster-${id}.stix.json"`)
      .send(`${JSON.stringify(farmStixBundle(indicators, { tlp }), null, 2)}\n`);
  });
}
