// Shared test fixtures for the agent runtime: temp state dirs, a capturing logger, recorded
// facts, and a scripted collector (a real HTTP server on an ephemeral port).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Facts } from '../../../shared/index.js';
import type { Logger } from '../../../agent/log.js';
import type { TransportConfig } from '../../../agent/runtime/transport.js';

export const FACTS_FILE = fileURLToPath(new URL('./fixtures/facts.json', import.meta.url));
export const ORG_KEY = '6f'.repeat(32);
export const AGENT_ID = '0b7f2a52-7f0e-4c55-9a8e-2c1d0f3b9a11';

export async function loadFixtureFacts(): Promise<Facts> {
  return Facts.parse(JSON.parse(await readFile(FACTS_FILE, 'utf8')));
}

export async function tempDir(prefix = 'fw-agent-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface CapturedLog {
  log: Logger;
  lines: Array<Record<string, unknown> & { level: number; msg: string }>;
  warnings: () => string[];
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines, warnings: () => lines.filter((l) => l.level >= 40).map((l) => l.msg) };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers `METHOD /path` requests with the handler's response; unknown routes get 404. */
export type CollectorScript = (request: RecordedRequest, nth: number) => ScriptedResponse | undefined;

export interface ScriptedCollector {
  url: string;
  requests: RecordedRequest[];
  count: (method: string, path: string) => number;
  close: () => Promise<void>;
}

export async function startCollector(script: CollectorScript): Promise<ScriptedCollector> {
  const requests: RecordedRequest[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: text ? JSON.parse(text) : undefined, at: Date.now() };
      requests.push(request);
      const key = `${request.method} ${path}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const response = script(request, nth) ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No such resource.' } } };
      const body = response.body === undefined ? '' : JSON.stringify(response.body);
      res.writeHead(response.status, { ...(body ? { 'content-type': 'application/json' } : {}), ...response.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL where nothing listens (connection refused). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function accepted(request: RecordedRequest): ScriptedResponse {
  const reportId = (request.body as { reportId?: string } | undefined)?.reportId;
  return { status: 202, body: { schemaVersion: 1, reportId, duplicate: false } };
}

/** Fast retries for tests: the real code path, tiny delays. */
export const FAST_RETRY: TransportConfig = { requestTimeoutMs: 2_000, maxRetries: 4, backoffBaseMs: 1, backoffCapMs: 2_000 };
