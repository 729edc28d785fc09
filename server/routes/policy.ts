// GET /api/v1/policy: what agents should do. Cacheable with a strong ETag over the exact body.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_POLICY, Policy } from '../../shared/index.js';
import type { Store } from '../store/store.js';
import type { RouteContext } from './context.js';

/** The stored policy, or the shared default when none was set. */
export async function currentPolicy(store: Store): Promise<Policy> {
  const stored = await store.getSetting('policy');
  // Stored by the collector from validated input; a parse failure here is a bug worth a 500.
  return stored === undefined ? DEFAULT_POLICY : Policy.parse(JSON.parse(stored));
}

export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** If-None-Match uses weak comparison (RFC 9110 13.1.2): `W/` prefixes are ignored. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export function registerPolicyRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/policy', { preParsing: guards.requireAgent }, async (request, reply) => {
    const body = JSON.stringify(await currentPolicy(store));
    const etag = strongEtag(body);
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
