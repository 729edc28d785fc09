// The durable delivery queue and the output store on a real SQLite file.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../../server/store/sqlite/open.js';
import { deliveryQueueSuite } from './delivery-queue-suite.js';
import { runOutputStoreSuite } from './store-outputs-suite.js';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-queue-'));
let n = 0;
const freshFile = () => path.join(root, `store-${++n}`, 'farmwatch.db');

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

deliveryQueueSuite('sqlite', async () => {
  const store = await openSqliteStore(freshFile());
  return { queue: store, close: () => store.close() };
});
runOutputStoreSuite('sqlite', async () => openSqliteStore(freshFile()));
