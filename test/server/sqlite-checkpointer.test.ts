// WAL checkpoints on a worker thread (server/store/sqlite/checkpointer.ts): reports written by
// the collector's connection reach the database file without that connection checkpointing,
// and closing the store stops the worker and keeps every report.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { DATABASE_FILE, openDataDirStore } from '../../server/store/sqlite/open.js';
import { makeReport } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fw-checkpoint-'));
  dirs.push(dir);
  return dir;
}

/** An enrolled agent and `count` reports of about 15 KB each (ten 1,000-character findings). */
async function writeBulkyReports(store: ReturnType<typeof openDataDirStore>, count: number): Promise<void> {
  const agentId = randomUUID();
  await store.createAgent({ agentId, tokenHash: 'h', hostname: 'laptop-17', platform: 'linux', agentVersion: '0.1.0', serial: null, hardwareUuid: null, enrolledAt: new Date().toISOString() });
  const summary = 'x'.repeat(1000);
  for (let i = 0; i < count; i++) {
    const findings = Array.from({ length: 10 }, (_, n) => ({ signal: 'posture.long_uptime', category: 'posture' as const, severity: 'info' as const, subject: `s${n}`, summary, evidence: {} }));
    await store.recordReport({ report: makeReport(agentId, { findings }), receivedAt: new Date().toISOString(), decideAlerts });
  }
}

describe('SQLite background checkpoints', () => {
  it('copies the WAL into the database file from the worker, and closes cleanly', async () => {
    const dir = dataDir();
    const file = path.join(dir, DATABASE_FILE);
    const store = openDataDirStore(dir, { checkpoints: 'background' });
    const sizeBefore = statSync(file).size;
    await writeBulkyReports(store, 200);
    // About 3 MB of reports: far below the collector connections' own threshold (25,000 pages), so only the worker moves them.
    await until(() => statSync(file).size > sizeBefore + 2_000_000);
    await store.close();

    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 200 });
    } finally {
      db.close();
    }
  });

  it('leaves checkpoints to the connection itself unless asked', async () => {
    const dir = dataDir();
    const store = openDataDirStore(dir);
    const db = new Database(path.join(dir, DATABASE_FILE));
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      db.close();
      await store.close();
    }
  });

  it('never checkpoints inside the ingest worker\'s commits, and the collector\'s checkpoint thread picks its writes up', async () => {
    const dir = dataDir();
    const file = path.join(dir, DATABASE_FILE);
    // The ingest worker's own connection (server/store/open-store.ts, openStoreAt).
    const ingest = openDataDirStore(dir, { checkpoints: 'elsewhere' });
    const sizeBefore = statSync(file).size;
    await writeBulkyReports(ingest, 400);
    // About 6 MB: past SQLite's default threshold (1,000 pages), where a commit would have copied the WAL into the file.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(5_000_000);
    expect(statSync(file).size).toBeLessThan(sizeBefore + 1_000_000);

    const collector = openDataDirStore(dir, { checkpoints: 'background' });
    try {
      await until(() => statSync(file).size > sizeBefore + 4_000_000);
    } finally {
      await collector.close();
      await ingest.close();
    }
  });
});
