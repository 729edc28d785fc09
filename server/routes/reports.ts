// POST /api/v1/reports: an agent delivers one scan. Idempotent on reportId, so a spool can resend.
// The body reaches the handler as bytes: they move to an ingest thread (server/ingest/), which
// parses, validates and stores the report, so this thread only authenticates and answers.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { SCHEMA_VERSION, type ReportAccepted } from '../../shared/index.js';
import { agentOf } from '../auth/guards.js';
import type { IpIntel } from '../geoip/types.js';
import type { RouteContext } from './context.js';

export function registerReportRoutes(app: FastifyInstance, { guards, ingest, geoip }: RouteContext): void {
  if (!ingest) throw new Error('the reports route needs an ingest service');
  const lookup = async (ip: string, log: FastifyBaseLogger): Promise<IpIntel | undefined> => {
    try {
      return await geoip?.lookup(ip);
    } catch (error) {
      // Without GeoIP the report is still stored; only the enrichment is missing.
      log.warn({ err: error }, 'GeoIP lookup failed');
      return undefined;
    }
  };
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/api/v1/reports', { preParsing: guards.requireAgent }, async (request, reply) => {
      const receivedAt = new Date().toISOString();
      const intel = await lookup(request.ip, request.log);
      const answer = await ingest.submit({ agentId: agentOf(request), receivedAt, ip: request.ip, intel, body: request.body as Buffer });
      if (!answer.ok) {
        request.log.info({ code: answer.body.error.code }, 'request refused');
        return reply.code(answer.status).send(answer.body);
      }
      const accepted: ReportAccepted = { schemaVersion: SCHEMA_VERSION, reportId: answer.reportId, duplicate: answer.duplicate };
      return reply.code(202).send(accepted);
    });
  });
}
