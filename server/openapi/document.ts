// Builds the OpenAPI 3.1 document from ROUTE_DOCS with zod's JSON Schema output (draft 2020-12,
// the dialect OpenAPI 3.1 uses).
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { API_ERRORS } from '../../shared/index.js';
import { ErrorBody } from './schemas.js';
import { ROUTE_DOCS, type Access, type RouteDoc } from './route-docs.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // Transforms and refinements cannot be expressed in JSON Schema; the shape they apply to is kept.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

const ACCESS_TEXT: Record<Access, string> = {
  public: 'No authentication.',
  enroll_secret: 'The enrol secret in the body.',
  agent: 'Agent token (fwa_...).',
  viewer: 'Admin API token of any role (viewer, analyst, admin).',
  analyst: 'Admin API token of role analyst or admin.',
  admin: 'Admin API token of role admin.',
};

/** `/api/v1/alerts/:id` -> `/api/v1/alerts/{id}`, and the path parameters it names. */
function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

function errorResponses(doc: RouteDoc): Record<string, unknown> {
  const statuses = new Set(doc.errors ?? []);
  if (doc.access !== 'public') [401, 403, 429, 500].forEach((s) => statuses.add(s));
  if (doc.access === 'public' || doc.access === 'enroll_secret') statuses.delete(403);
  const codes = (status: number) => Object.entries(API_ERRORS).filter(([, e]) => e.status === status).map(([code]) => code);
  return Object.fromEntries([...statuses].sort().map((status) => [String(status), {
    description: `Error (${codes(status).join(', ')}).`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  }]));
}

function operation(doc: RouteDoc): Record<string, unknown> {
  const { params } = openApiPath(doc.path);
  const parameters = [
    ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(doc.query?.shape ?? {}).map(([name, field]) => ({
      name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema: jsonSchema(field as z.ZodType, 'input'),
    })),
  ];
  const responses = Object.fromEntries(Object.entries(doc.responses).map(([status, r]) => [status, {
    description: r.description,
    ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } } : {}),
  }]));
  return {
    summary: doc.summary,
    description: ACCESS_TEXT[doc.access],
    security: doc.access === 'public' || doc.access === 'enroll_secret' ? [] : [{ bearer: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } } : {}),
    responses: { ...responses, ...errorResponses(doc) },
  };
}

export function buildOpenApiDocument(docs: readonly RouteDoc[] = ROUTE_DOCS): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const { path } = openApiPath(doc.path);
    (paths[path] ??= {})[doc.method.toLowerCase()] = operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'FarmWatch collector API', version: pkg.version, description: 'See docs/api.md. Every error answers { "error": { "code", "message", "details"? } }.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'fwt_... (admin API) or fwa_... (agent)' } },
      schemas: { ErrorBody: jsonSchema(ErrorBody, 'output') },
    },
    paths,
  };
}
