// In-process notices of alert changes made by a store, for metrics and to wake the dispatcher.
// Stores emit them on the next turn of the event loop after queuing the change's deliveries,
// so with SQLite (synchronous transactions) a notice always follows the commit.
import { EventEmitter } from 'node:events';
import type { AlertType } from '../store/store.js';
import type { Severity } from '../../shared/index.js';
import type { AlertEventKind } from './types.js';

export interface AlertChangeNotice {
  kind: AlertEventKind;
  type: AlertType;
  severity: Severity;
  /** Deliveries queued for the change (one per matching enabled output). */
  queued: number;
}

interface AlertChangeEvents {
  change: [AlertChangeNotice];
  outputs: [];
}

/** Process-wide: every store of this process emits here. */
export const alertChanges = new EventEmitter<AlertChangeEvents>().setMaxListeners(100);

export function noticeAlertChange(notice: AlertChangeNotice): void {
  setImmediate(() => alertChanges.emit('change', notice));
}

export function noticeOutputsChanged(): void {
  setImmediate(() => alertChanges.emit('outputs'));
}
