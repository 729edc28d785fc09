// Messages between the HTTP thread and an ingest worker (server/ingest/worker.ts).
import type { Office } from '../offices/office.js';
import type { CorrelationFacts } from '../store/correlation-store.js';
import type { StoreLocation } from '../store/store.js';
import type { LogLevel } from '../config.js';
import type { LocationConfig } from '../location/enrich-report.js';
import type { AlertChangeNotice } from '../outputs/alert-changes.js';
import type { IngestReply, IngestRequest } from './ingest-service.js';

export interface IngestWorkerData {
  store: StoreLocation;
  config: LocationConfig;
  log: { level: LogLevel; pretty: boolean };
}

export type ToWorker =
  /** Reports, usually all those received in one turn of the HTTP thread's event loop. */
  | { type: 'reports'; reports: { id: number; request: IngestRequest }[] }
  /** Finish what was received, close the store, exit. */
  | { type: 'close' };

export type FromWorker =
  /** The store is open; reports may come. */
  | { type: 'ready' }
  /** Answers, usually a whole batch's in one message. */
  | { type: 'replies'; replies: { id: number; reply: IngestReply }[] }
  /** A batch was committed: what the co-location engine observes, with the offices the batch saw. */
  | { type: 'stored'; facts: CorrelationFacts[]; offices: Office[] }
  /**
   * Alert changes the worker's store made (server/outputs/alert-changes.ts): the process-wide
   * notices are per thread, and metrics and the output dispatcher listen on the HTTP thread.
   */
  | { type: 'alert-changes'; notices: AlertChangeNotice[] };
