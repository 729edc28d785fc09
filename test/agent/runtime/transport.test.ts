import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/index.js';
import { buildReport } from '../../../agent/report/build-report.js';
import { reportSender } from '../../../agent/runtime/delivery.js';
import { Spool, readSpoolSummary } from '../../../agent/runtime/spool.js';
import { statePaths } from '../../../agent/runtime/state.js';
import { Transport, parseRetryAfter } from '../../../agent/runtime/transport.js';
import { AGENT_ID, FAST_RETRY, ORG_KEY, accepted, captureLog, deadUrl, loadFixtureFacts, startCollector, tempDir, type CollectorScript, type ScriptedCollector } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let collector: ScriptedCollector | undefined;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => {
  await collector?.close();
  collector = undefined;
  await cleanup();
});

const REPORTS = '/api/v1/reports';

async function setup(script: CollectorScript | string, config = FAST_RETRY) {
  let url: string;
  if (typeof script === 'string') url = script;
  else {
    collector = await startCollector(script);
    url = collector.url;
  }
  const captured = captureLog();
  const transport = await Transport.create({ serverUrl: url, token: 'fwa_test_token', config, log: captured.log });
  const spool = await Spool.open({ stateDir: dir, maxBytes: 10 * 1024 * 1024, maxReports: 100, log: captured.log });
  const now = new Date();
  const report = buildReport(await loadFixtureFacts(), [], { agentId: AGENT_ID, orgKey: ORG_KEY, agentVersion: '0.1.0', startedAt: now, finishedAt: now, spoolEvicted: 0 });
  await spool.enqueue(report);
  return { ...captured, transport, spool, report, deliver: () => spool.deliver(reportSender(transport, captured.log)) };
}

describe('report delivery over HTTP', () => {
  it('retries 503 twice, then delivers once with the bearer token', async () => {
    const { deliver, report, warnings } = await setup((req, nth) =>
      req.path === REPORTS ? (nth <= 2 ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'starting' } } } : accepted(req)) : undefined,
    );
    expect(await deliver()).toMatchObject({ delivered: 1, remaining: 0 });
    expect(collector!.count('POST', REPORTS)).toBe(3);
    expect(collector!.requests.every((r) => r.headers.authorization === 'Bearer fwa_test_token')).toBe(true);
    expect((collector!.requests[2]!.body as Report).reportId).toBe(report.reportId);
    expect(warnings().filter((w) => w.includes('retrying'))).toHaveLength(2);
    // Nothing left to send.
    expect(await deliver()).toMatchObject({ delivered: 0, remaining: 0 });
    expect(collector!.count('POST', REPORTS)).toBe(3);
  });

  it('moves a 400 report to rejected/ with the error body and never retries it', async () => {
    const body = { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'findings.0.severity', message: 'Invalid option' }] } };
    const { deliver, report, lines } = await setup((req) => (req.path === REPORTS ? { status: 400, body } : undefined));
    expect(await deliver()).toMatchObject({ delivered: 0, rejected: 1, remaining: 0 });
    expect(await deliver()).toMatchObject({ delivered: 0, rejected: 0, remaining: 0 });
    expect(collector!.count('POST', REPORTS)).toBe(1);

    const [name] = await readdir(statePaths(dir).rejected);
    const kept = JSON.parse(await readFile(join(statePaths(dir).rejected, name!), 'utf8')) as { status: number; error: unknown; report: Report };
    expect(kept.status).toBe(400);
    expect(kept.error).toEqual(body);
    expect(kept.report.reportId).toBe(report.reportId);
    expect((await readSpoolSummary(dir)).stats.rejectedTotal).toBe(1);
    expect(lines.some((l) => l.level === 50 && l.msg.includes('rejected a report'))).toBe(true);
  });

  it('treats 413 like 400: kept aside, not retried', async () => {
    const { deliver } = await setup((req) => (req.path === REPORTS ? { status: 413, body: { error: { code: 'BODY_TOO_LARGE', message: 'too big' } } } : undefined));
    expect(await deliver()).toMatchObject({ rejected: 1, remaining: 0 });
    expect(collector!.count('POST', REPORTS)).toBe(1);
  });

  it('hands the evictions a rejected report carried to the next report', async () => {
    const { spool, deliver } = await setup((req, nth) => (req.path === REPORTS ? (nth === 1 ? { status: 400, body: {} } : accepted(req)) : undefined));
    // Force one eviction onto a second report, then have the collector reject that report.
    const tiny = await Spool.open({ stateDir: dir, maxBytes: 10 * 1024 * 1024, maxReports: 1, log: captureLog().log });
    const now = new Date();
    const facts = await loadFixtureFacts();
    const make = () => buildReport(facts, [], { agentId: AGENT_ID, orgKey: ORG_KEY, agentVersion: '0.1.0', startedAt: now, finishedAt: now, spoolEvicted: 0 });
    expect((await tiny.enqueue(make())).spoolEvicted).toBe(1);
    await deliver(); // rejected: its count of 1 goes back to pending
    expect((await readSpoolSummary(dir)).stats.pendingEvicted).toBe(1);
    expect((await spool.enqueue(make())).spoolEvicted).toBe(1);
    await deliver();
    expect((collector!.requests.at(-1)!.body as Report).spoolEvicted).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    const { deliver } = await setup((req, nth) => (req.path === REPORTS ? (nth === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'RATE_LIMITED', message: 'slow down' } } } : accepted(req)) : undefined));
    expect(await deliver()).toMatchObject({ delivered: 1, remaining: 0 });
    const [first, second] = collector!.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('keeps the report queued when Retry-After is longer than it will wait', async () => {
    const { deliver } = await setup((req) => (req.path === REPORTS ? { status: 429, headers: { 'retry-after': '3600' } } : undefined));
    const summary = await deliver();
    expect(summary).toMatchObject({ delivered: 0, remaining: 1 });
    expect(summary.stopReason).toContain('retry after 3600 s');
    expect(collector!.count('POST', REPORTS)).toBe(1);
  });

  it('keeps the report queued when the collector refuses connections', async () => {
    const { deliver, warnings } = await setup(await deadUrl(), { ...FAST_RETRY, maxRetries: 2 });
    const summary = await deliver();
    expect(summary).toMatchObject({ delivered: 0, rejected: 0, remaining: 1 });
    expect(summary.stopReason).toContain('ECONNREFUSED');
    expect(summary.stopReason).toContain('after 3 attempts');
    expect(warnings().filter((w) => w.includes('retrying'))).toHaveLength(2);
    expect(await readdir(statePaths(dir).rejected)).toEqual([]);
  });

  it('keeps everything queued when the token is refused, and says to re-enrol', async () => {
    const { deliver } = await setup((req) => (req.path === REPORTS ? { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Missing or invalid bearer token.' } } } : undefined));
    const summary = await deliver();
    expect(summary).toMatchObject({ delivered: 0, rejected: 0, remaining: 1 });
    expect(summary.stopReason).toMatch(/UNAUTHENTICATED.*re-enrol/);
    expect(collector!.count('POST', REPORTS)).toBe(1);
  });

  it('gives up at once when aborted', async () => {
    const controller = new AbortController();
    collector = await startCollector(() => ({ status: 503 }));
    const transport = await Transport.create({ serverUrl: collector.url, config: { ...FAST_RETRY, backoffBaseMs: 10_000, backoffCapMs: 10_000 }, log: captureLog().log, signal: controller.signal, random: () => 0.99 });
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    expect(await transport.request('GET', '/x')).toMatchObject({ kind: 'gave_up', aborted: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('private CA (caFile)', () => {
  const hasOpenssl = promisify(execFile)('openssl', ['version']).then(() => true, () => false);

  it('trusts a collector certificate signed by the caFile, which the public roots do not', async () => {
    if (!(await hasOpenssl)) return;
    const key = join(dir, 'key.pem');
    const caFile = join(dir, 'ca.pem');
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', caFile]);
    const server = createServer({ key: await readFile(key), cert: await readFile(caFile) }, (_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const serverUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = { ...FAST_RETRY, maxRetries: 0 };
      const trusting = await Transport.create({ serverUrl, config: { ...config, caFile }, log: captureLog().log });
      expect(await trusting.request('GET', '/x')).toMatchObject({ kind: 'ok', status: 200, data: { ok: true } });
      const plain = await Transport.create({ serverUrl, config, log: captureLog().log });
      expect(await plain.request('GET', '/x')).toMatchObject({ kind: 'gave_up' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
