// The event queued for a stored alert's change: alertEvent() plus what the store knows of the
// alert (a farm alert's cluster is in its dedup key, server/farm/farm-alert.ts farmDedupKey).
import type { AlertAction } from '../store/operations.js';
import type { Alert } from '../store/store.js';
import { alertEvent } from './event.js';
import type { AlertEvent, AlertEventKind } from './types.js';

const FARM_PREFIX = 'farm:';

export function clusterIdOf(alert: Alert): string | null {
  return alert.type === 'farm_suspected' && alert.dedupKey.startsWith(FARM_PREFIX) ? alert.dedupKey.slice(FARM_PREFIX.length) : null;
}

export function storedAlertEvent(alert: Alert, kind: AlertEventKind, consoleBaseUrl: string | null = null): AlertEvent {
  return alertEvent(alert, { kind, consoleBaseUrl, clusterId: clusterIdOf(alert) });
}

/** The event an analyst's action makes, if any (assigning and annotating send nothing). */
export const OUTPUT_EVENT_OF_ACTION: Record<AlertAction['kind'], AlertEventKind | undefined> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  assign: undefined,
  note: undefined,
};
