// `npm run bench:agent` end to end: it bundles the agent, traces a real scan, replays the
// traced reads as the baseline and reports medians with the targets. The figures depend on the
// machine (and on what else runs), so only their presence and sanity are checked here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bench = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/bench-agent.ts', ...args], { timeout: 170_000, maxBuffer: 4 * 1024 * 1024 });

describe.runIf(process.platform === 'linux')('bench:agent', () => {
  it('refuses fewer than 5 runs', async () => {
    await expect(bench('--runs', '3')).rejects.toMatchObject({ stderr: expect.stringMatching(/--runs must be an integer of at least 5/) });
  });

  it('measures the agent and the raw-read baseline', async () => {
    // Exit code 1 (a target missed on a busy machine) still prints the result.
    const { stdout } = await bench('--runs', '5', '--json').catch((error: { code?: number; stdout?: string }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const result = JSON.parse(stdout) as {
      runs: number;
      operations: number;
      agent: Record<'wallMs' | 'cpuMs' | 'peakRssMb', number>;
      baseline: Record<'wallMs' | 'cpuMs' | 'peakRssMb', number>;
      ratio: Record<'wall' | 'cpu' | 'peakRss', number>;
      targets: { wallPass: boolean; peakRssPass: boolean };
    };
    expect(result.runs).toBe(5);
    // A scan reads hundreds of /proc and /sys entries; the trace must have seen them.
    expect(result.operations).toBeGreaterThan(100);
    for (const side of [result.agent, result.baseline]) {
      expect(side.wallMs).toBeGreaterThan(0);
      expect(side.cpuMs).toBeGreaterThan(0);
      expect(side.peakRssMb).toBeGreaterThan(10); // a node process, not a misread unit
      expect(side.peakRssMb).toBeLessThan(1024);
    }
    expect(result.ratio.wall).toBeCloseTo(result.agent.wallMs / result.baseline.wallMs, 6);
    expect(typeof result.targets.wallPass).toBe('boolean');
    expect(result.targets.peakRssPass).toBe(result.agent.peakRssMb < 80);
  }, 180_000);
});
