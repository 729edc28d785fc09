// A mutex in shared memory for the threads of one process that write one SQLite database (the
// ingest workers). SQLite lets one writer in at a time and makes the others retry in its busy
// handler, which sleeps 1 ms, then 2, 5, 10...: under load that was most of a second thread's
// time. With this lock a writer waits exactly as long as the other's transaction, woken the
// moment it ends (futex-style: 0 free, 1 held, 2 held with waiters).
import type { Database } from 'better-sqlite3';

type TransactionFn = Parameters<Database['transaction']>[0];

export class WriteLock {
  readonly #state: Int32Array;

  /** `buffer`: shared by every thread taking this lock (4 bytes, zeroed). */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.#state = new Int32Array(buffer, 0, 1);
  }

  /** Runs `work` holding the lock (synchronously: nothing may await inside). */
  hold<T>(work: () => T): T {
    this.#acquire();
    try {
      return work();
    } finally {
      this.#release();
    }
  }

  #acquire(): void {
    const state = this.#state;
    let seen = Atomics.compareExchange(state, 0, 0, 1);
    if (seen === 0) return;
    if (seen !== 2) seen = Atomics.exchange(state, 0, 2);
    while (seen !== 0) {
      Atomics.wait(state, 0, 2);
      seen = Atomics.exchange(state, 0, 2);
    }
  }

  #release(): void {
    if (Atomics.sub(this.#state, 0, 1) !== 1) {
      Atomics.store(this.#state, 0, 0);
      Atomics.notify(this.#state, 0, 1);
    }
  }
}

/**
 * Makes every BEGIN IMMEDIATE transaction of `db` (the store's writes) hold `lock`. Re-entrant:
 * a write transaction started inside another (a savepoint) does not wait for itself.
 */
export function lockWriteTransactions(db: Database, lock: WriteLock): void {
  const transaction = db.transaction.bind(db);
  let depth = 0;
  const held = <A extends unknown[], R>(run: (...args: A) => R) => (...args: A): R => {
    if (depth > 0) return run(...args);
    return lock.hold(() => {
      depth++;
      try {
        return run(...args);
      } finally {
        depth--;
      }
    });
  };
  db.transaction = ((fn: TransactionFn) => {
    const plain = transaction(fn);
    return Object.assign((...args: Parameters<typeof plain>) => plain(...args), {
      default: plain.default, deferred: plain.deferred, immediate: held(plain.immediate), exclusive: held(plain.exclusive),
    });
  }) as Database['transaction'];
}
