// A real collector for HTTP tests: real SQLite file in a temp dir, listening on a free port,
// spoken to with plain fetch.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../../server/app.js';
import { mintToken } from '../../server/auth/tokens.js';
import { initialiseInstall } from '../../server/bootstrap.js';
import { SERVER_CONFIG_DEFAULTS, type ServerConfig } from '../../server/config.js';
import { openDataDirStore } from '../../server/store/sqlite/open.js';
import type { Store } from '../../server/store/store.js';
import type { EnrollResponse } from '../../shared/index.js';

export interface TestCollector {
  url: string;
  store: Store;
  config: ServerConfig;
  enrollSecret: string;
  adminToken: string;
  close(): Promise<void>;
}

export async function startCollector(overrides: Partial<ServerConfig> = {}): Promise<TestCollector> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-collector-'));
  const enrollSecret = mintToken('enroll');
  const adminToken = mintToken('admin');
  // GeoIP off unless a test asks for it (e.g. `{ geoipCityDb: undefined }` for the bundled databases):
  // loading them takes seconds on the first report.
  const config: ServerConfig = {
    ...SERVER_CONFIG_DEFAULTS, dataDir, port: 0, enrollSecret, adminToken, geoipCityDb: 'off', geoipAsnDb: 'off', ...overrides,
  };
  const store = openDataDirStore(dataDir);
  await initialiseInstall(store, config);
  // Errors only, on stderr: a 500 in a test shows its cause.
  const app = await buildApp({ config, store, logger: pino({ level: 'error' }, process.stderr) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    config,
    enrollSecret,
    adminToken,
    async close() {
      await app.close();
      await store.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on shapes
}

export interface RequestOptions {
  method?: string;
  token?: string;
  /** Sent as JSON unless it is already a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(base: string, route: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(base + route, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export function enrollBody(enrollSecret: string, overrides: Record<string, unknown> = {}) {
  return { schemaVersion: 1, enrollSecret, hostname: 'laptop-17', platform: 'linux', agentVersion: '0.1.0', serial: 'SN-0017', ...overrides };
}

export async function enrollAgent(collector: TestCollector): Promise<EnrollResponse> {
  const response = await call(collector.url, '/api/v1/enroll', { body: enrollBody(collector.enrollSecret) });
  if (response.status !== 201) throw new Error(`enrolment failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as EnrollResponse;
}
