// Builds the AlertEvent that leaves FarmWatch from a stored alert and the change that happened.
import { FARMWATCH_NAMESPACE, uuidv5 } from '../export/uuid.js';
import type { Alert } from '../store/store.js';
import { AlertEvent, type AlertEventKind } from './types.js';

export interface AlertEventOptions {
  kind: AlertEventKind;
  /** Default: the alert's own time for the kind (firstSeen, lastSeen, acknowledgedAt, resolvedAt). */
  occurredAt?: string;
  /** The console's public base URL (e.g. https://farmwatch.example.com); null: no link. */
  consoleBaseUrl?: string | null;
  /** The correlation cluster a farm alert is about. */
  clusterId?: string | null;
}

function defaultTime(alert: Alert, kind: AlertEventKind): string {
  switch (kind) {
    case 'opened': return alert.firstSeen;
    case 'updated': return alert.lastSeen;
    case 'acknowledged': return alert.acknowledgedAt ?? alert.lastSeen;
    case 'resolved': return alert.resolvedAt ?? alert.lastSeen;
  }
}

export function consoleUrlOf(baseUrl: string, alertId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/console/alerts/${encodeURIComponent(alertId)}`;
}

/** The event for one change of `alert`; the same change always gets the same event id. */
export function alertEvent(alert: Alert, options: AlertEventOptions): AlertEvent {
  const occurredAt = options.occurredAt ?? defaultTime(alert, options.kind);
  const eventId = uuidv5(`alert-event|${alert.id}|${options.kind}|${occurredAt}|${alert.count}|${alert.status}`, FARMWATCH_NAMESPACE);
  // Parsing checks the alert really fits the wire shape, so a bad store row fails here, not at a receiver.
  return AlertEvent.parse({
    schemaVersion: 1,
    eventId,
    kind: options.kind,
    occurredAt,
    alertId: alert.id,
    type: alert.type,
    signal: alert.signal,
    category: alert.category,
    severity: alert.severity,
    score: alert.score,
    status: alert.status,
    summary: alert.summary,
    reasons: alert.reasons,
    evidence: alert.evidence,
    deviceIds: alert.agentIds.length ? alert.agentIds : alert.agentId ? [alert.agentId] : [],
    clusterId: options.clusterId ?? null,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    count: alert.count,
    assignee: alert.assignee,
    resolution: alert.resolution,
    consoleUrl: options.consoleBaseUrl ? consoleUrlOf(options.consoleBaseUrl, alert.id) : null,
  });
}
