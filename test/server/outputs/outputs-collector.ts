// A real collector for output tests: like test/server/collector.ts, with the alert dispatcher's
// timing shortened so retries happen within a test.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../../../server/app.js';
import { mintToken } from '../../../server/auth/tokens.js';
import { initialiseInstall } from '../../../server/bootstrap.js';
import { SERVER_CONFIG_DEFAULTS, type ServerConfig } from '../../../server/config.js';
import { openDataDirStore } from '../../../server/store/sqlite/open.js';
import type { TestCollector } from '../collector.js';

export const FAST_OUTPUTS = { pollIntervalMs: 50, checkIntervalMs: 50, backoff: { baseMs: 50, capMs: 200 } };

export async function startOutputsCollector(overrides: Partial<ServerConfig> = {}): Promise<TestCollector> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-outputs-'));
  const enrollSecret = mintToken('enroll');
  const adminToken = mintToken('admin');
  const config: ServerConfig = {
    ...SERVER_CONFIG_DEFAULTS, dataDir, port: 0, enrollSecret, adminToken, geoipCityDb: 'off', geoipAsnDb: 'off', ...overrides,
  };
  const store = openDataDirStore(dataDir);
  await initialiseInstall(store, config);
  const app = await buildApp({ config, store, logger: pino({ level: 'error' }, process.stderr), outputs: FAST_OUTPUTS });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`, store, config, enrollSecret, adminToken,
    async close() {
      await app.close();
      await store.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
