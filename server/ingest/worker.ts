// The ingest worker: a thread of the collector that turns agents' request bodies into stored
// reports (decode, enrich, alert rules, group commit) on its own database connection, so the HTTP
// thread only authenticates and answers. Started by IngestWorkers (./ingest-workers.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.js';
import { openStoreAt } from '../store/open-store.js';
import { ApiError } from '../errors.js';
import { alertChanges, type AlertChangeNotice } from '../outputs/alert-changes.js';
import { IngestService, type IngestReply } from './ingest-service.js';
import type { FromWorker, IngestWorkerData, ToWorker } from './messages.js';
import { IngestPipeline } from './pipeline.js';

const port = parentPort!;
const data = workerData as IngestWorkerData;
const send = (message: FromWorker) => port.postMessage(message);
const logger = createLogger(data.log.level, data.log.pretty).child({ thread: 'ingest' });

const store = await openStoreAt(data.store);
const service = new IngestService(new IngestPipeline({
  store, config: data.config, logger,
  onStored: (facts, offices) => send({ type: 'stored', facts, offices }),
}));

let inFlight = 0;
let closing: (() => void) | undefined;
// A batch's reports are answered together: their replies leave in one message.
let replies: { id: number; reply: IngestReply }[] = [];
const answer = (id: number, reply: IngestReply) => {
  if (!replies.length) {
    queueMicrotask(() => {
      const sending = replies;
      replies = [];
      send({ type: 'replies', replies: sending });
      inFlight -= sending.length;
      if (inFlight === 0) closing?.();
    });
  }
  replies.push({ id, reply });
};

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    const done = () => void store.close().finally(() => port.close());
    if (inFlight === 0) done();
    else closing = done;
    return;
  }
  for (const { id, request } of message.reports) {
    inFlight++;
    service.submit(request)
      .catch((error: unknown): IngestReply => {
        logger.error({ err: error, agentId: request.agentId }, 'report not ingested');
        return { ok: false, status: 500, body: new ApiError('INTERNAL').toBody() };
      })
      .then((reply) => answer(id, reply));
  }
});

// Alert changes this thread's store commits are noticed here; the HTTP thread's listeners need them.
let notices: AlertChangeNotice[] = [];
alertChanges.on('change', (notice) => {
  if (!notices.length) {
    setImmediate(() => {
      send({ type: 'alert-changes', notices });
      notices = [];
    });
  }
  notices.push(notice);
});

send({ type: 'ready' });
