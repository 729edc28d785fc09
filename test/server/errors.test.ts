// The error handler on a real fastify instance: faults become 500 INTERNAL without leaking,
// and every other failure keeps the shared error body.
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, errorHandler, notFoundHandler, parseOrThrow } from '../../server/errors.js';
import { ApiErrorBody } from '../../shared/index.js';
import { call } from './collector.js';

describe('errorHandler', () => {
  let app: FastifyInstance;
  let url: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
    const logger: FastifyBaseLogger = pino({ level: 'info' }, sink);
    app = Fastify({ loggerInstance: logger });
    app.setErrorHandler(errorHandler);
    app.setNotFoundHandler(notFoundHandler);
    app.get('/fault', async () => {
      throw new Error('database password is hunter2');
    });
    app.get('/zod', async (request) => parseOrThrow(z.object({ page: z.string().regex(/^\d+$/) }), request.query));
    app.get('/gone', async () => {
      throw Object.assign(new Error('plugin says gone'), { statusCode: 404 });
    });
    app.get('/conflict', async () => {
      throw new ApiError('CONFLICT', 'Already there.');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers an unexpected fault with 500 INTERNAL and logs, not leaks, its details', async () => {
    const response = await call(url, '/fault');
    expect(response.status).toBe(500);
    expect(ApiErrorBody.parse(response.body)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error; the collector logged the details.' } });
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(logLines.some((line) => line.includes('hunter2') && line.includes('"stack"'))).toBe(true);
  });

  it('answers a schema mismatch with VALIDATION_FAILED and the failing fields', async () => {
    const response = await call(url, '/zod?page=two');
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'page' })] });
  });

  it('maps client errors from fastify or plugins by status and keeps ApiError messages', async () => {
    expect((await call(url, '/gone')).body).toEqual({ error: { code: 'NOT_FOUND', message: 'No such resource.' } });
    expect(await call(url, '/conflict')).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: 'Already there.' } } });
    expect(await call(url, '/missing')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });
});
