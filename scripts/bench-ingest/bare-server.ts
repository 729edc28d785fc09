// Baseline for the ingest benchmark: fastify with the collector's body limit and one POST route
// that only parses the JSON body (fastify's own parser) and answers 202. No auth, validation,
// rate limit, logging or storage: what the collector adds is measured against this.
//   node --import tsx scripts/bench-ingest/bare-server.ts   (prints "listening on <url>")
import Fastify from 'fastify';
import { SERVER_CONFIG_DEFAULTS } from '../../server/config.js';

const app = Fastify({ bodyLimit: SERVER_CONFIG_DEFAULTS.bodyLimitBytes });
app.post('/api/v1/reports', async (request, reply) => {
  const body = request.body as { reportId?: unknown };
  return reply.code(202).send({ schemaVersion: 1, reportId: body.reportId, duplicate: false });
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
