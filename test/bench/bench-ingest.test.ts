// `npm run bench:ingest` end to end with tiny numbers, so the script cannot rot: it bundles and
// starts the collector, enrols agents through the API, drives it and the bare fastify route with
// the load generator, and runs bench:correlation on a small fleet. The figures depend on the
// machine, so only their presence and consistency are checked here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { postgresUnavailable, TEST_DATABASE_URL } from '../server/postgres.js';

const run = promisify(execFile);
const bench = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/bench-ingest.ts', ...args], { timeout: 150_000, maxBuffer: 4 * 1024 * 1024 });

interface Target {
  name: string;
  enrolMs?: number;
  reportsPerSecond: number;
  serverCpuMs: number;
  rssMb: number;
  peakRssMb: number;
  storedReports?: number;
  load: { requests: number; accepted: number; warmupAccepted: number; errors: number; cpuMs: number; meanBodyBytes: number; latencyMs: { p50: number; p99: number; max: number } };
}

describe.runIf(process.platform === 'linux')('bench:ingest', () => {
  it('refuses a bad backend', async () => {
    await expect(bench('--backends', 'mysql')).rejects.toMatchObject({ stderr: expect.stringMatching(/--backends takes sqlite and\/or postgres/) });
  });

  it('measures the collector against the bare route, with correlation', async () => {
    const backends = postgresUnavailable === undefined ? 'sqlite,postgres' : 'sqlite';
    const { stdout } = await bench('--agents', '50', '--duration', '1', '--warmup', '0.3', '--connections', '8', '--backends', backends,
      '--database-url', TEST_DATABASE_URL, '--correlation-devices', '1000', '--json')
      // Exit code 1 (a target missed, as on a busy machine) still prints the result.
      .catch((error: { code?: number; stdout?: string }) => {
        if (error.code === 1 && error.stdout) return { stdout: error.stdout };
        throw error;
      });
    const result = JSON.parse(stdout) as {
      agents: number; meanBodyBytes: number; targets: Target[]; pass: boolean;
      correlation: { devices: number; fleetSeconds: number; p99CpuMs: number; pass: boolean };
      validation: { jsonParseUs: number; reportSchemaUs: number; decodeUs: number };
      checks: { what: string; pass: boolean }[];
    };
    expect(result.agents).toBe(50);
    expect(result.targets.map((t) => t.name)).toEqual([...backends.split(','), 'bare fastify']);
    // A few KB per report: findings with evidence, neighbour hashes, probe health.
    expect(result.meanBodyBytes).toBeGreaterThan(2_000);
    expect(result.meanBodyBytes).toBeLessThan(20_000);
    for (const target of result.targets) {
      expect(target.load.accepted).toBeGreaterThan(0);
      // Every request was accepted: auth, validation and the per-token rate limit let them all through.
      expect(target.load.accepted).toBe(target.load.requests);
      expect(target.load.errors).toBe(0);
      expect(target.reportsPerSecond).toBeGreaterThan(0);
      expect(target.load.latencyMs.p50).toBeLessThanOrEqual(target.load.latencyMs.p99);
      expect(target.load.latencyMs.p99).toBeLessThanOrEqual(target.load.latencyMs.max);
      expect(target.serverCpuMs).toBeGreaterThan(0);
      expect(target.load.cpuMs).toBeGreaterThan(0);
      expect(target.peakRssMb).toBeGreaterThan(20); // a node process, not a misread unit
      expect(target.peakRssMb).toBeGreaterThanOrEqual(target.rssMb);
      if (target.name !== 'bare fastify') expect(target.enrolMs).toBeGreaterThan(0);
    }
    // The ingest's decode includes a JSON.parse of the same bodies, so it cannot cost less.
    expect(result.validation.decodeUs).toBeGreaterThan(result.validation.jsonParseUs * 0.8);
    expect(result.correlation.devices).toBe(1000);
    expect(result.correlation.p99CpuMs).toBeGreaterThan(0);
    expect(result.checks.map((c) => c.what)).toEqual([
      'SQLite accepted reports/s >= 5,000', 'SQLite / bare route >= 0.5',
      ...backends.split(',').map((b) => `${b}: every 202 is a stored report`),
      'incremental correlation p99 per report < 1 ms at 1,000 devices',
    ]);
    // Read from the database after the run: what was answered 202 was stored, nothing else.
    for (const target of result.targets.filter((t) => t.name !== 'bare fastify')) {
      expect(target.storedReports).toBe(target.load.accepted + target.load.warmupAccepted);
    }
    expect(result.checks.filter((c) => c.what.endsWith('stored report')).every((c) => c.pass)).toBe(true);
    expect(result.pass).toBe(result.checks.every((c) => c.pass));
  }, 160_000);
});
