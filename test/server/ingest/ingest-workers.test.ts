// The HTTP thread's side of ingest with real threads: a worker that dies fails what it held with
// 503 (agents resend) and is started again; more report bytes than a worker may hold are refused
// with 503 while the rest are stored, so every 202 is a stored report and nothing is lost; closing
// lets the workers finish what they hold.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret, mintToken } from '../../../server/auth/tokens.js';
import { IngestWorkers, type IngestWorkersOptions } from '../../../server/ingest/ingest-workers.js';
import type { IngestReply } from '../../../server/ingest/ingest-service.js';
import { openSqliteStore } from '../../../server/store/sqlite/open.js';
import type { Store } from '../../../server/store/store.js';
import { makeReport } from '../fixtures.js';

const logger = pino({ level: 'silent' });
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function workers(options: Partial<IngestWorkersOptions> & Pick<IngestWorkersOptions, 'workerData'>): IngestWorkers {
  const pool = new IngestWorkers({ workers: 1, maxQueueBytes: 64 * 1024 * 1024, logger, onStored: () => undefined, onAlertChanges: () => undefined, ...options });
  cleanup.push(() => pool.close());
  return pool;
}

async function sqliteStore(): Promise<Store> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fw-ingest-workers-'));
  const store = openSqliteStore(path.join(dir, 'farmwatch.db'), { checkpoints: 'background' });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  return store;
}

async function enrolled(store: Store, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  for (const agentId of ids) {
    await store.createAgent({ agentId, tokenHash: hashSecret(mintToken('agent')), hostname: 'laptop', platform: 'linux', agentVersion: '0.1.0', serial: null, hardwareUuid: null, enrolledAt: new Date().toISOString() });
  }
  return ids;
}

const request = (agentId: string, text: string) => ({ agentId, receivedAt: new Date().toISOString(), ip: '198.51.100.7', body: Buffer.from(text) });

describe('ingest workers', () => {
  it('answers 503 for what a dying worker held, and starts a new one that takes reports again', async () => {
    const starts = new SharedArrayBuffer(4);
    const pool = workers({
      workerUrl: new URL('./fixtures/exiting-worker.ts', import.meta.url),
      workerData: { starts } as unknown as IngestWorkersOptions['workerData'],
    });
    await pool.start();
    expect(await pool.submit(request('a', 'first'))).toEqual({ ok: true, reportId: 'first', duplicate: false });
    const held = pool.submit(request('a', 'hold'));
    await until(() => pool.inFlight === 1);
    const exiting = pool.submit(request('a', 'exit'));
    for (const reply of await Promise.all([held, exiting])) {
      expect(reply).toMatchObject({ ok: false, status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    }
    // Until the new worker is up, reports are refused the same way; then they are taken again.
    expect(await pool.submit(request('a', 'meanwhile'))).toMatchObject({ ok: false, status: 503 });
    await until(() => Atomics.load(new Int32Array(starts), 0) === 2);
    let reply: IngestReply | undefined;
    await until(() => {
      void pool.submit(request('a', 'again')).then((r) => (reply = r));
      return reply?.ok === true;
    });
    expect(reply).toEqual({ ok: true, reportId: 'again', duplicate: false });
  });

  it('refuses a clear error when the worker cannot open the store', async () => {
    const pool = workers({ workerData: { store: { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' }, config: { rttInflation: 1.5, rttAllowanceMs: 15 }, log: { level: 'silent', pretty: false } } });
    await expect(pool.start()).rejects.toThrow(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/none/);
  });

  it('sheds load with 503 beyond its byte budget and stores every report it accepted', async () => {
    const store = await sqliteStore();
    const agents = await enrolled(store, 40);
    const stored: string[] = [];
    const pool = workers({
      workerData: { store: store.location, config: { rttInflation: 1.5, rttAllowanceMs: 15 }, log: { level: 'silent', pretty: false } },
      // About ten reports' worth: a burst of 200 cannot all be held.
      maxQueueBytes: 10 * Buffer.byteLength(JSON.stringify(makeReport(agents[0]!))),
      onStored: (facts) => stored.push(...facts.map((f) => f.reportId)),
    });
    await pool.start();
    const reports = Array.from({ length: 200 }, (_, i) => makeReport(agents[i % agents.length]!));
    const replies = await Promise.all(reports.map((r) => pool.submit(request(r.agentId, JSON.stringify(r)))));
    const accepted = replies.flatMap((r) => (r.ok ? [r.reportId] : []));
    const refused = replies.filter((r) => !r.ok);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => !r.ok && r.status === 503 && r.body.error.code === 'UNAVAILABLE')).toBe(true);
    // Every 202 is a stored report, and nothing refused was stored.
    const keys = await store.correlationKeysAfter(0, 1_000);
    expect(keys.map((k) => k.reportId).sort()).toEqual([...accepted].sort());
    expect([...stored].sort()).toEqual([...accepted].sort());
  });

  it('lets two workers store one fleet\'s reports side by side and finishes them before closing', async () => {
    const store = await sqliteStore();
    const agents = await enrolled(store, 20);
    const pool = new IngestWorkers({
      workers: 2, maxQueueBytes: 64 * 1024 * 1024, logger, onStored: () => undefined, onAlertChanges: () => undefined,
      workerData: { store: store.location, config: { rttInflation: 1.5, rttAllowanceMs: 15 }, log: { level: 'silent', pretty: false } },
    });
    await pool.start();
    const reports = Array.from({ length: 400 }, (_, i) => makeReport(agents[i % agents.length]!));
    const replies = reports.map((r) => pool.submit(request(r.agentId, JSON.stringify(r))));
    await until(() => pool.inFlight > 0);
    await pool.close();
    expect((await Promise.all(replies)).every((r) => r.ok)).toBe(true);
    expect(await store.correlationKeysAfter(0, 1_000)).toHaveLength(400);
    // Each agent's reports were stored (no write was lost to a busy database).
    const devices = await store.listDevices({ limit: 100, offset: 0 });
    expect(devices.items.every((d) => d.reportCount === 20)).toBe(true);
  });
});
