// The dispatcher follows leadership: a collector that does not lead queues events but sends
// nothing; once it leads it delivers what was queued; when it stops leading it stops sending.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputService } from '../../../server/outputs/service.js';
import { OutputConfig } from '../../../server/outputs/types.js';
import { openSqliteStore } from '../../../server/store/sqlite/open.js';
import type { Store } from '../../../server/store/store.js';
import { eventually, startHttpReceiver, type HttpReceiver } from './receivers.js';

const ADMIN = { kind: 'admin', tokenId: 't', label: null, role: 'admin' } as const;
const T = '2026-11-22T10:00:00.000Z';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function raise(store: Store, n: number) {
  return store.raiseAlert({
    dedupKey: `test:${n}`, type: 'agent_silent', agentId: null, agentIds: [], signal: 'agent_health.silent', category: 'agent_health',
    severity: 'medium', score: 50, summary: `silent ${n}`, reasons: [], evidence: [], firstSeen: T, lastSeen: T, count: 1,
  });
}

describe('OutputService', () => {
  it('runs the dispatcher only while this collector leads', { timeout: 15_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-service-'));
    const store = await openSqliteStore(path.join(dir, 'farmwatch.db'));
    const receiver: HttpReceiver = await startHttpReceiver();
    let leading = false;
    const service = new OutputService({ store, leading: () => leading, logger: pino({ level: 'silent' }), pollIntervalMs: 50, checkIntervalMs: 50 });
    cleanup.push(async () => fs.rm(dir, { recursive: true, force: true }), () => store.close(), () => receiver.close(), () => service.stop());

    await store.createOutput(OutputConfig.parse({ id: 'hook', name: 'hook', type: 'webhook', url: receiver.url, secret: 'a-secret-of-16-chars' }), ADMIN, T);
    service.start();
    await raise(store, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(service.dispatching).toBe(false);
    expect(receiver.requests).toHaveLength(0);

    leading = true;
    await eventually(() => receiver.requests.length === 1);
    expect(service.dispatching).toBe(true);

    leading = false;
    await eventually(() => !service.dispatching);
    await raise(store, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(1);
    expect((await store.pendingSummary())[0]).toMatchObject({ outputId: 'hook', pending: 1 });
  });
});
