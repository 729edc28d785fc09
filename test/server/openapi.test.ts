import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { SERVER_CONFIG_DEFAULTS } from '../../server/config.js';
import { buildOpenApiDocument } from '../../server/openapi/document.js';
import { openDataDirStore } from '../../server/store/sqlite/open.js';
import type { Store } from '../../server/store/store.js';

type Operation = {
  security: unknown[]; parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

describe('OpenAPI document', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-openapi-'));
    store = openDataDirStore(dataDir);
    app = await buildApp({ config: { ...SERVER_CONFIG_DEFAULTS, dataDir, port: 0 }, store, logger: pino({ level: 'silent' }) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const document = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, Operation>> };
  const operation = (method: string, url: string) => document.paths[url.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[method.toLowerCase()];

  it('describes every registered route, and no route that does not exist', () => {
    expect(app.registeredRoutes.length).toBeGreaterThan(15);
    const missing = app.registeredRoutes.filter((r) => !operation(r.method, r.url)).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const registered = new Set(app.registeredRoutes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`));
    expect(documented.filter((d) => !registered.has(d))).toEqual([]);
  });

  it('is OpenAPI 3.1 with JSON Schemas from the zod schemas', () => {
    expect(document.openapi).toBe('3.1.0');
    const resolve = operation('POST', '/api/v1/alerts/:id/resolve')!;
    expect(resolve.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    const body = resolve.requestBody!.content['application/json']!.schema;
    expect(body).toMatchObject({ type: 'object', required: ['resolution'], properties: { resolution: { enum: ['true_positive', 'false_positive', 'benign'] } } });
    expect(resolve.responses['403']).toBeDefined();
    const alerts = operation('GET', '/api/v1/alerts')!;
    expect(alerts.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'type', 'limit', 'offset']));
    expect(alerts.parameters!.find((p) => p.name === 'limit')!.required).toBe(false);
    const page = alerts.responses['200']!.content!['application/json']!.schema as { properties: { alerts: { items: { properties: Record<string, unknown> } } } };
    expect(Object.keys(page.properties.alerts.items.properties)).toEqual(expect.arrayContaining(['type', 'score', 'reasons', 'assignee', 'resolution']));
    expect(operation('GET', '/healthz')!.security).toEqual([]);
    expect(operation('PUT', '/api/v1/admin/policy')!.security).toEqual([{ bearer: [] }]);
  });
});
