// WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside whichever COMMIT
// crosses the threshold, so one report in every few hundred waited on copying the WAL into the
// database and its fsyncs, with the event loop blocked (`npm run bench:ingest`, see README). The
// worker runs PASSIVE checkpoints on its own connection: they never block writers or readers, and
// durability is unchanged (a commit is durable once in the WAL, as before). Under load it waits a
// moment between checkpoints: an index page many reports touch in the meantime is then copied into
// the database once, not once per commit (bench:ingest: about 35 us less CPU per report). The
// collector's connections keep their automatic checkpoint at a far higher threshold as the safety
// net should the worker lag.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** WAL pages a collector connection lets accumulate before it checkpoints itself (4 KiB pages: ~100 MB). */
export const MAIN_AUTOCHECKPOINT_PAGES = 25_000;

/** Pause after a checkpoint that copied pages, so the next one copies each page once for many commits. */
const BUSY_PAUSE_MS = 250;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
let timer;
const run = () => {
  let copied = 0;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    copied = result ? result.checkpointed : 0;
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
  timer = setTimeout(run, copied > 0 ? workerData.busyMs : workerData.idleMs);
};
timer = setTimeout(run, workerData.idleMs);
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, idleMs = 50, busyMs = BUSY_PAUSE_MS): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module, idleMs, busyMs } });
  // A failing checkpointer only leaves the checkpoints to the main connection again.
  worker.on('error', () => undefined);
  worker.on('message', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
