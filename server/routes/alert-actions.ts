// One alert and its lifecycle: GET /api/v1/alerts/:id, and acknowledge, assign, notes, resolve.
// Reading is open to every admin role; changing needs analyst or admin. Every change is audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { text } from '../../shared/index.js';
import { actorOf } from '../auth/guards.js';
import { ApiError, parseOrThrow } from '../errors.js';
import type { AlertAction, AlertDetail } from '../store/operations.js';
import { RESOLUTIONS } from '../store/store.js';
import type { RouteContext } from './context.js';

export const AcknowledgeBody = z.strictObject({});
export const AssignBody = z.strictObject({
  /** A person or queue name; null unassigns. */
  assignee: text(128).trim().min(1).nullable(),
});
export const NoteBody = z.strictObject({ text: text(4000).trim().min(1) });
export const ResolveBody = z.strictObject({
  resolution: z.enum(RESOLUTIONS),
  note: text(4000).trim().min(1).optional(),
});

export const ALERT_ACTIONS = {
  acknowledge: { body: AcknowledgeBody, action: (): AlertAction => ({ kind: 'acknowledge' }) },
  assign: { body: AssignBody, action: (b: z.infer<typeof AssignBody>): AlertAction => ({ kind: 'assign', assignee: b.assignee }) },
  notes: { body: NoteBody, action: (b: z.infer<typeof NoteBody>): AlertAction => ({ kind: 'note', text: b.text }) },
  resolve: {
    body: ResolveBody,
    action: (b: z.infer<typeof ResolveBody>): AlertAction => ({ kind: 'resolve', resolution: b.resolution, ...(b.note ? { note: b.note } : {}) }),
  },
} as const;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

export function registerAlertActionRoutes(app: FastifyInstance, { store, guards }: RouteContext): void {
  app.get<{ Params: { id: string } }>('/api/v1/alerts/:id', { preParsing: guards.requireAdmin }, async (request): Promise<AlertDetail> => {
    const detail = await store.getAlert(request.params.id);
    if (!detail) throw new ApiError('NOT_FOUND', 'No alert with that id.');
    return detail;
  });

  for (const [name, { body, action }] of Object.entries(ALERT_ACTIONS)) {
    app.post<{ Params: { id: string } }>(`/api/v1/alerts/:id/${name}`, { preParsing: guards.requireAnalyst }, async (request: IdRequest) => {
      // An empty body is fine for acknowledge; any other body must match the action's schema.
      const parsed = parseOrThrow(body, request.body ?? {});
      const actor = actorOf(request);
      const result = await store.actOnAlert(request.params.id, (action as (b: unknown) => AlertAction)(parsed), actor, new Date().toISOString());
      if (result.outcome === 'not_found') throw new ApiError('NOT_FOUND', 'No alert with that id.');
      if (result.outcome === 'refused') throw new ApiError('CONFLICT', result.reason);
      request.log.info({ alertId: request.params.id, action: name, actor }, 'alert changed');
      return result.detail;
    });
  }
}
