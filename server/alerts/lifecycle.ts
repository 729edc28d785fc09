// Alert lifecycle: open -> acknowledged -> resolved (true_positive | false_positive | benign).
// Pure: the store loads the alert, applies the action here and writes the result with its audit entry.
import type { AlertAction } from '../store/operations.js';
import type { Alert } from '../store/store.js';

export type ActionOutcome =
  | { ok: true; alert: Alert; note?: string }
  | { ok: false; reason: string };

/** The lifecycle fields an audit entry records before and after a change. */
export function lifecycleState(alert: Alert) {
  const { status, assignee, resolution, acknowledgedAt, resolvedAt } = alert;
  return { status, assignee, resolution, acknowledgedAt, resolvedAt };
}

export function applyAlertAction(alert: Alert, action: AlertAction, at: string): ActionOutcome {
  const resolved = alert.status === 'resolved';
  switch (action.kind) {
    case 'acknowledge':
      if (alert.status !== 'open') return { ok: false, reason: `The alert is ${alert.status}; only an open alert can be acknowledged.` };
      return { ok: true, alert: { ...alert, status: 'acknowledged', acknowledgedAt: at } };
    case 'assign':
      if (resolved) return { ok: false, reason: 'The alert is resolved; it can no longer be assigned.' };
      return { ok: true, alert: { ...alert, assignee: action.assignee } };
    case 'note':
      // Notes are welcome in every state, a resolved alert's post-mortem included.
      return { ok: true, alert, note: action.text };
    case 'resolve':
      if (resolved) return { ok: false, reason: `The alert is already resolved (${alert.resolution}).` };
      return {
        ok: true,
        alert: { ...alert, status: 'resolved', resolution: action.resolution, resolvedAt: at },
        ...(action.note === undefined ? {} : { note: action.note }),
      };
  }
}

export const ACTION_NAMES: Record<AlertAction['kind'], string> = {
  acknowledge: 'alert.acknowledge',
  assign: 'alert.assign',
  note: 'alert.note',
  resolve: 'alert.resolve',
};
