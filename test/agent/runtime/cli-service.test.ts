import { chmod, readdir, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Report } from '../../../shared/index.js';
import { statePaths } from '../../../agent/runtime/state.js';
import { runCli, startCli } from './cli-helpers.js';
import { AGENT_ID, FACTS_FILE, ORG_KEY, accepted, startCollector, tempDir, type CollectorScript, type ScriptedCollector } from './helpers.js';

const TOKEN = 'fwa_scripted_token';
let dir: string;
let cleanup: () => Promise<void>;
let collector: ScriptedCollector;
let reportsUp = true;
let policyCron = '17 */4 * * *';

const script: CollectorScript = (req) => {
  const route = `${req.method} ${req.path}`;
  if (route === 'GET /healthz') return { status: 200, body: { status: 'ok' } };
  if (route === 'POST /api/v1/enroll') {
    const secret = (req.body as { enrollSecret?: string }).enrollSecret;
    if (secret !== 'right-secret') return { status: 401, body: { error: { code: 'ENROLL_SECRET_INVALID', message: 'The enrol secret is not valid.' } } };
    return { status: 201, body: { schemaVersion: 1, agentId: AGENT_ID, agentToken: TOKEN, orgKey: ORG_KEY } };
  }
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Missing or invalid bearer token.' } } };
  if (route === 'GET /api/v1/policy') {
    const etag = `"${policyCron}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    return { status: 200, headers: { etag }, body: { schemaVersion: 1, scan: { cron: policyCron, splaySeconds: 0 } } };
  }
  if (route === 'POST /api/v1/reports') return reportsUp ? accepted(req) : { status: 503, body: { error: { code: 'UNAVAILABLE', message: 'starting' } } };
  return undefined;
};

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  reportsUp = true;
  policyCron = '17 */4 * * *';
  collector = await startCollector(script);
});
afterEach(async () => {
  await collector.close();
  await cleanup();
});

// Fast retries so a collector that is down fails the run quickly.
const FAST = { FARMWATCH_AGENT_BACKOFF_BASE_MS: '1', FARMWATCH_AGENT_BACKOFF_CAP_MS: '20', FARMWATCH_AGENT_MAX_RETRIES: '1' };
const agent = (...args: string[]) => runCli(['--state-dir', dir, ...args], FAST);
const reportsReceived = () => collector.requests.filter((r) => r.path === '/api/v1/reports' && r.method === 'POST');

describe('farmwatch-agent enroll and run --once', { timeout: 90_000 }, () => {
  it('enrols, delivers, and reports status', async () => {
    const refused = await agent('enroll', '--server', collector.url, '--secret', 'wrong');
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('the enrol secret is not valid');

    const enrolled = await runCli(['--state-dir', dir, 'enroll', '--server', `${collector.url}/`], { FARMWATCH_AGENT_ENROLL_SECRET: 'right-secret' });
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toContain(`as agent ${AGENT_ID}`);
    const credentialFile = statePaths(dir).credential;
    if (process.platform !== 'win32') expect((await stat(credentialFile)).mode & 0o777).toBe(0o600);

    const again = await agent('enroll', '--server', collector.url, '--secret', 'right-secret');
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('--force');

    const once = await agent('run', '--once', '--facts', FACTS_FILE);
    expect(once.stderr).not.toContain('"level":50');
    expect(once.code).toBe(0);
    expect(once.stdout).toContain('Delivered 1 report.');
    const [received] = reportsReceived();
    const report = Report.parse(received!.body);
    expect(report.agentId).toBe(AGENT_ID);
    expect(await readdir(statePaths(dir).spool)).toEqual([]);

    const status = await agent('status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      enrolment: { enrolled: true, agentId: AGENT_ID, serverUrl: collector.url },
      lastScan: { reportId: report.reportId, findingCount: report.findings.length },
      spool: { queued: 0 },
      policy: { source: 'cache' },
      collector: { checked: true, reachable: true },
    });
  });

  it('keeps reports queued while the collector is down and delivers them later (exit 2, then 0)', async () => {
    expect((await agent('enroll', '--server', collector.url, '--secret', 'right-secret')).code).toBe(0);
    reportsUp = false;
    const down = await agent('run', '--once', '--facts', FACTS_FILE);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/error: 1 report \(.*\) stays? queued in .*spool: HTTP 503/);
    const again = await agent('run', '--once', '--facts', FACTS_FILE);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/error: 2 reports .* queued/);
    expect((await agent('status')).stdout).toMatch(/Queued reports:\s+2/);

    reportsUp = true;
    const before = reportsReceived().length;
    const up = await agent('run', '--once', '--facts', FACTS_FILE);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Delivered 3 reports.');
    // Oldest first: the two queued reports, then the new one.
    const delivered = reportsReceived().slice(before).map((r) => r.body as Report);
    expect(delivered).toHaveLength(3);
    expect(delivered.map((r) => r.scan.startedAt)).toEqual([...delivered.map((r) => r.scan.startedAt)].sort());
  });

  it.runIf(process.platform !== 'win32')('refuses a credential others can read', async () => {
    expect((await agent('enroll', '--server', collector.url, '--secret', 'right-secret')).code).toBe(0);
    await chmod(statePaths(dir).credential, 0o644);
    const run = await agent('run', '--once', '--facts', FACTS_FILE);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('chmod 600');
    expect(reportsReceived()).toHaveLength(0);
    const status = await agent('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Enrolled:\s+credential unusable: .*chmod 600/);
  });
});

describe('farmwatch-agent run (service)', { timeout: 90_000 }, () => {
  it('scans on the collector policy schedule and stops cleanly on SIGTERM', async () => {
    expect((await agent('enroll', '--server', collector.url, '--secret', 'right-secret')).code).toBe(0);
    policyCron = '* * * * * *'; // every second, no splay
    const service = startCli(['--state-dir', dir, 'run', '--facts', FACTS_FILE], FAST);
    const deadline = Date.now() + 15_000;
    while (reportsReceived().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    service.child.kill('SIGTERM');
    const result = await service.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('agent service stopped');
    expect(reportsReceived().length).toBeGreaterThanOrEqual(3);
    // Re-fetched before each scan, answered 304 once cached.
    const policyAnswers = collector.requests.filter((r) => r.path === '/api/v1/policy');
    expect(policyAnswers.length).toBeGreaterThanOrEqual(3);
    expect(policyAnswers.slice(1).every((r) => r.headers['if-none-match'] === `"${policyCron}"`)).toBe(true);
    const ids = reportsReceived().map((r) => (r.body as Report).reportId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
