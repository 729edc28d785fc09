// The event POST /api/v1/outputs/:id/test sends: a well-formed AlertEvent, plainly marked as a
// test (signal farmwatch.test, severity info), so an administrator can check an output end to end.
import type { Alert } from '../store/store.js';
import { alertEvent } from './event.js';
import type { AlertEvent } from './types.js';

export function testAlertEvent(outputId: string, now: Date, consoleBaseUrl: string | null = null): AlertEvent {
  const at = now.toISOString();
  const alert: Alert = {
    id: `test-${outputId}`, dedupKey: `test:${outputId}`, type: 'policy_violation', agentId: null, agentIds: [],
    signal: 'farmwatch.test', category: 'agent_health', severity: 'info', score: 0, status: 'open',
    summary: `FarmWatch test event for output ${outputId}: no action needed`,
    reasons: ['An administrator asked FarmWatch to send a test event to this output.'], evidence: [],
    firstSeen: at, lastSeen: at, count: 1, assignee: null, resolution: null, acknowledgedAt: null, resolvedAt: null,
  };
  return alertEvent(alert, { kind: 'opened', consoleBaseUrl });
}
