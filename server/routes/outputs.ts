// Alert outputs: GET (any admin role, secrets masked), POST, PUT and DELETE (admin role, audited),
// a test send, and the delivery log. The leader's dispatcher picks changes up from the store.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../errors.js';
import { actorOf } from '../auth/guards.js';
import { createOutput } from '../outputs/output.js';
import { collectorFormatContext } from '../outputs/service.js';
import { testAlertEvent } from '../outputs/test-event.js';
import { OutputConfig, redactOutputConfig } from '../outputs/types.js';
import { keepMaskedSecrets } from '../outputs/unredact.js';
import type { PendingSummary } from '../outputs/queue.js';
import type { StoredOutput } from '../store/output-store.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

const OUTPUT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const DeliveryLogQuery = z.strictObject({
  outputId: z.string().regex(OUTPUT_ID, 'expected an output id').optional(),
  alertId: z.string().min(1).max(128).optional(),
  eventId: z.uuid().optional(),
  ok: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...PageParams,
});

/** An output as the API shows it: the config with secrets masked, and its queue. */
export function outputView(output: StoredOutput, pending: PendingSummary | undefined) {
  return {
    ...redactOutputConfig(output.config),
    createdAt: output.createdAt,
    updatedAt: output.updatedAt,
    pending: {
      count: pending?.pending ?? 0,
      oldestEnqueuedAt: pending?.oldestEnqueuedAt ?? null,
      nextAttemptAt: pending?.nextAttemptAt ?? null,
      lastError: pending?.lastError ?? null,
    },
  };
}

export function registerOutputRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  const context = collectorFormatContext();
  const pendingOf = async (id: string) => (await store.pendingSummary()).find((s) => s.outputId === id);
  const existing = async (id: string) => {
    const output = await store.getOutput(id);
    if (!output) throw new ApiError('NOT_FOUND', 'No output with that id.');
    return output;
  };

  app.get('/api/v1/outputs', { preParsing: guards.requireAdmin }, async () => {
    const [outputs, pending] = await Promise.all([store.listOutputs(), store.pendingSummary()]);
    return { outputs: outputs.map((o) => outputView(o, pending.find((s) => s.outputId === o.config.id))) };
  });

  app.get('/api/v1/outputs/deliveries', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(DeliveryLogQuery, request.query);
    const page = await store.listAttempts(query);
    return { deliveries: page.items, total: page.total, limit: query.limit, offset: query.offset };
  });

  app.get<{ Params: { id: string } }>('/api/v1/outputs/:id', { preParsing: guards.requireAdmin }, async (request) => {
    const output = await existing(request.params.id);
    return outputView(output, await pendingOf(output.config.id));
  });

  app.post('/api/v1/outputs', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const config = parseOrThrow(OutputConfig, request.body);
    const now = new Date().toISOString();
    if (!(await store.createOutput(config, actorOf(request), now))) throw new ApiError('CONFLICT', `An output with the id ${config.id} exists already.`);
    return reply.code(201).send(outputView({ config, createdAt: now, updatedAt: now }, undefined));
  });

  app.put<{ Params: { id: string } }>('/api/v1/outputs/:id', { preParsing: guards.requireAdmin }, async (request) => {
    const stored = await existing(request.params.id);
    const body = request.body;
    if (typeof body === 'object' && body !== null && 'id' in body && body.id !== request.params.id) {
      throw new ApiError('VALIDATION_FAILED', undefined, [{ path: 'id', message: 'must match the id in the URL (ids cannot change)' }]);
    }
    const input = typeof body === 'object' && body !== null ? { ...body, id: request.params.id } : body;
    const config = parseOrThrow(OutputConfig, keepMaskedSecrets(input, stored.config));
    const updated = await store.updateOutput(config, actorOf(request), new Date().toISOString());
    if (!updated) throw new ApiError('NOT_FOUND', 'No output with that id.');
    return outputView(updated, await pendingOf(config.id));
  });

  app.delete<{ Params: { id: string } }>('/api/v1/outputs/:id', { preParsing: guards.requireAdmin }, async (request) => {
    const result = await store.deleteOutput(request.params.id, actorOf(request), new Date().toISOString());
    if (!result.deleted) throw new ApiError('NOT_FOUND', 'No output with that id.');
    return { id: request.params.id, discardedDeliveries: result.discarded };
  });

  // Sent now, not queued and not logged: an answer in seconds is what the administrator wants.
  app.post<{ Params: { id: string } }>('/api/v1/outputs/:id/test', { preParsing: guards.requireAdmin }, async (request) => {
    const { config } = await existing(request.params.id);
    const event = testAlertEvent(config.id, new Date());
    const output = createOutput(config, context);
    const started = performance.now();
    try {
      const result = await output.deliver(event);
      return { ok: result.ok, status: result.status ?? null, error: result.ok ? null : (result.error ?? 'delivery failed'),
        durationMs: Math.round(performance.now() - started), eventId: event.eventId };
    } finally {
      output.close();
    }
  });
}
