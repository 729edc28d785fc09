// The write lock the collector's SQLite connections share (server/store/sqlite/write-lock.ts):
// threads taking it never interleave their critical sections, and a write transaction started
// inside another on the same connection does not wait for itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteLock, lockWriteTransactions } from '../../server/store/sqlite/write-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A thread running a TypeScript file (tsx registered first, as the collector does from source). */
function thread(file: URL, workerData: unknown): Promise<number> {
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`, { eval: true, workerData });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', resolve);
  });
}

describe('SQLite write lock', () => {
  it('lets one thread at a time into the critical section', async () => {
    const lock = new WriteLock();
    const counter = new SharedArrayBuffer(4);
    const rounds = 2_000;
    const codes = await Promise.all([1, 2, 3].map(() => thread(new URL('./ingest/fixtures/lock-worker.ts', import.meta.url), { lock: lock.buffer, counter, rounds })));
    expect(codes).toEqual([0, 0, 0]);
    // A lost update (two threads inside at once) would leave it short.
    expect(new Int32Array(counter)[0]).toBe(3 * rounds);
  });

  it('holds the lock for write transactions only, and lets a nested one through', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fw-write-lock-'));
    dirs.push(dir);
    const db = new Database(path.join(dir, 'x.db'));
    try {
      db.exec('CREATE TABLE t (v INTEGER)');
      const lock = new WriteLock();
      lockWriteTransactions(db, lock);
      const state = new Int32Array(lock.buffer);
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const during: number[] = [];
      db.transaction(() => {
        during.push(Atomics.load(state, 0));
        insert.run(1);
        db.transaction(() => insert.run(2)).immediate();
      }).immediate();
      db.transaction(() => during.push(Atomics.load(state, 0)))();
      expect(during).toEqual([1, 0]);
      expect(Atomics.load(state, 0)).toBe(0);
      expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2 });
      // A failing transaction releases the lock too.
      expect(() => db.transaction(() => { throw new Error('no'); }).immediate()).toThrow('no');
      expect(Atomics.load(state, 0)).toBe(0);
    } finally {
      db.close();
    }
  });
});
