// The storage contract of alert outputs: their configuration (secrets included: the API shows
// them redacted), and the durable delivery queue and log the dispatcher works from. Alert changes
// are queued by the store itself, in the transaction that changes the alert (see
// server/store/sqlite/outputs.ts and server/store/postgres/outputs.ts).
import type { DeliveryQueue } from '../outputs/queue.js';
import type { OutputConfig } from '../outputs/types.js';
import type { Actor } from './operations.js';

export interface StoredOutput {
  config: OutputConfig;
  createdAt: string;
  updatedAt: string;
}

/** What changed, for watchers: new deliveries were queued, or an output was created, changed or deleted. */
export type OutputsChange = 'deliveries' | 'outputs';

export interface OutputStore extends DeliveryQueue {
  /** Every output, enabled or not, by id. */
  listOutputs(): Promise<StoredOutput[]>;
  getOutput(id: string): Promise<StoredOutput | undefined>;
  /** Stores and audits a new output; false when the id is taken. */
  createOutput(config: OutputConfig, actor: Actor, at: string): Promise<boolean>;
  /** Replaces and audits an output; undefined when there is no such output. */
  updateOutput(config: OutputConfig, actor: Actor, at: string): Promise<StoredOutput | undefined>;
  /** Deletes an output and what was still queued for it, audited; deleted false when there was none. */
  deleteOutput(id: string, actor: Actor, at: string): Promise<{ deleted: boolean; discarded: number }>;
  /**
   * Tells `listener` when deliveries were queued or outputs changed, by this collector or (with
   * PostgreSQL) any other. Best effort, for promptness only: the dispatcher also polls. Returns
   * the function that stops watching.
   */
  watchOutputs(listener: (change: OutputsChange) => void): Promise<() => Promise<void>>;
  /** Deletes deliveries delivered before `cutoff` and log entries older than it; returns how many of each. */
  pruneDeliveries(cutoff: string): Promise<{ deliveries: number; attempts: number }>;
}
