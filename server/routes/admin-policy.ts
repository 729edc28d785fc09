// GET/PUT /api/v1/admin/policy: the policy agents receive, for admins. A stored policy is served
// to agents by GET /api/v1/policy under a new ETag, so they pick it up at their next fetch.
import type { FastifyInstance } from 'fastify';
import { Policy } from '../../shared/index.js';
import { actorOf } from '../auth/guards.js';
import { ApiError, parseOrThrow } from '../errors.js';
import { cronProblem } from '../jobs/expected-interval.js';
import type { RouteContext } from './context.js';
import { currentPolicy, etagMatches, strongEtag } from './policy.js';

/** The shared Policy schema, plus what it cannot check: the cron must be one the agent can schedule. */
export const PolicyBody = Policy.superRefine((policy, ctx) => {
  const problem = cronProblem(policy.scan.cron);
  if (problem) ctx.addIssue({ code: 'custom', path: ['scan', 'cron'], message: problem });
});

export function registerAdminPolicyRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get('/api/v1/admin/policy', { preParsing: guards.requireAdminRole }, async (_request, reply) => {
    const body = JSON.stringify(await currentPolicy(store));
    return reply.header('etag', strongEtag(body)).type('application/json; charset=utf-8').send(body);
  });

  app.put('/api/v1/admin/policy', { preParsing: guards.requireAdminRole }, async (request, reply) => {
    const policy = parseOrThrow(PolicyBody, request.body);
    // Optional optimistic concurrency: If-Match with the ETag the admin read.
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && !etagMatches(ifMatch, strongEtag(JSON.stringify(await currentPolicy(store))))) {
      throw new ApiError('CONFLICT', 'The policy changed since it was read (If-Match does not match); read it again.');
    }
    const body = JSON.stringify(policy);
    await store.setPolicy(body, actorOf(request), new Date().toISOString());
    request.log.info({ actor: actorOf(request) }, 'policy updated');
    return reply.header('etag', strongEtag(body)).type('application/json; charset=utf-8').send(body);
  });
}
