// POST /api/v1/enroll: an agent trades the enrol secret for its own id and token.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { EnrollRequest, SCHEMA_VERSION, type EnrollResponse } from '../../shared/index.js';
import { hashSecret, mintToken, secretMatchesHash } from '../auth/tokens.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { RouteContext } from './context.js';

export function registerEnrollRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.post('/api/v1/enroll', {
    // No bearer token here: limit by client address so guessing the secret is slow.
    config: { rateLimit: { keyGenerator: (request) => `ip:${request.ip}` } },
  }, async (request, reply) => {
    const body = parseOrThrow(EnrollRequest, request.body);
    const [secretHash, orgKey] = await Promise.all([store.getSetting('enroll_secret_hash'), store.getSetting('org_key')]);
    if (secretHash === undefined || orgKey === undefined) {
      throw new ApiError('UNAVAILABLE', 'The collector is not initialised yet (no enrol secret or organisation key).');
    }
    if (!secretMatchesHash(body.enrollSecret, secretHash)) throw new ApiError('ENROLL_SECRET_INVALID');

    const agentId = randomUUID();
    const agentToken = mintToken('agent');
    await store.createAgent({
      agentId,
      tokenHash: hashSecret(agentToken),
      hostname: body.hostname,
      platform: body.platform,
      agentVersion: body.agentVersion,
      serial: body.serial ?? null,
      hardwareUuid: body.hardwareUuid ?? null,
      enrolledAt: new Date().toISOString(),
    });
    request.log.info({ agentId, hostname: body.hostname, platform: body.platform }, 'agent enrolled');
    const response: EnrollResponse = { schemaVersion: SCHEMA_VERSION, agentId, agentToken, orgKey };
    return reply.code(201).send(response);
  });
}
