// The collector as `npm run build` bundles it (scripts/build.ts), started as users start it: the
// CLI finds its ingest threads' entry beside it (or beside the chunk the code landed in), stores a
// report an agent posts, and stops cleanly. Tests elsewhere run the sources through tsx.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { collectorBuildOptions } from '../../scripts/build.js';
import { apiGet, startCollector, type RunningCollector } from '../support/processes.js';
import { makeReport } from './fixtures.js';

const REPO = path.resolve(import.meta.dirname, '../..');
// Under node_modules/.cache, so the bundle's packages resolve as they do in build/.
mkdirSync(path.join(REPO, 'node_modules/.cache'), { recursive: true });
const outdir = mkdtempSync(path.join(REPO, 'node_modules/.cache/farmwatch-bundle-test-'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'farmwatch-bundled-'));
let collector: RunningCollector | undefined;
afterAll(async () => {
  await collector?.stop();
  rmSync(outdir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the bundled collector', () => {
  it('stores an agent\'s report through its ingest threads and stops cleanly', { timeout: 60_000 }, async () => {
    await build({ ...collectorBuildOptions, outdir, logLevel: 'silent' });
    const enrollSecret = 'e'.repeat(40);
    collector = await startCollector({ FARMWATCH_DATA_DIR: dataDir, FARMWATCH_ENROLL_SECRET: enrollSecret, FARMWATCH_GEOIP_CITY_DB: 'off', FARMWATCH_GEOIP_ASN_DB: 'off' },
      undefined, [path.join(outdir, 'farmwatch-server.mjs')]);
    const enrolled = await fetch(`${collector.url}/api/v1/enroll`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schemaVersion: 1, enrollSecret, hostname: 'laptop-17', platform: 'linux', agentVersion: '0.1.0' }),
    });
    expect(enrolled.status).toBe(201);
    const { agentId, agentToken } = await enrolled.json() as { agentId: string; agentToken: string };

    const report = makeReport(agentId);
    const posted = await fetch(`${collector.url}/api/v1/reports`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agentToken}` }, body: JSON.stringify(report),
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ schemaVersion: 1, reportId: report.reportId, duplicate: false });
    const device = await apiGet<{ latestReport: { reportId: string } }>(collector, `/api/v1/devices/${agentId}`);
    expect(device.latestReport.reportId).toBe(report.reportId);

    const exited = new Promise<number | null>((resolve) => collector!.process.once('exit', resolve));
    collector.process.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
