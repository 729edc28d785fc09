import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScanScheduler, isCronExpression } from '../../../agent/runtime/scheduler.js';
import { captureLog } from './helpers.js';

// node-schedule computes cron dates from Date and waits with setTimeout: fake timers drive both.
beforeEach(() => {
  vi.useFakeTimers({ now: new Date(2025, 5, 2, 9, 0, 0, 0) });
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder(durationMs: number) {
  const runs: Array<{ start: number; end?: number }> = [];
  let active = 0;
  let maxActive = 0;
  const task = async () => {
    const run: { start: number; end?: number } = { start: Date.now() };
    runs.push(run);
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    active--;
    run.end = Date.now();
  };
  return { runs, task, maxActive: () => maxActive };
}

const t0 = new Date(2025, 5, 2, 9, 0, 0, 0).getTime();

describe('scan scheduler', () => {
  it('runs on the cron after a random splay', async () => {
    const { log } = captureLog();
    const rec = recorder(100);
    const scheduler = new ScanScheduler({ cron: '*/10 * * * * *', splaySeconds: 4, task: rec.task, log, random: () => 0.5 });
    expect(scheduler.start()).toBe(true);
    await vi.advanceTimersByTimeAsync(35_000);
    // Ticks at :10, :20, :30, each run 2 s (0.5 x 4 s) later.
    expect(rec.runs.map((r) => Math.round((r.start - t0) / 1000) * 1000)).toEqual([12_000, 22_000, 32_000]);
    await scheduler.stop();
  });

  it('never overlaps: ticks during a running scan are skipped and logged', async () => {
    const { log, warnings } = captureLog();
    const rec = recorder(25_000);
    const scheduler = new ScanScheduler({ cron: '*/10 * * * * *', splaySeconds: 0, task: rec.task, log });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_500);
    // Runs at :10 (until :35) and :40 (until 1:05); ticks at :20, :30, :50 and 1:00 are skipped.
    expect(rec.runs.map((r) => Math.round((r.start - t0) / 1000) * 1000)).toEqual([10_000, 40_000]);
    expect(rec.maxActive()).toBe(1);
    expect(warnings().filter((w) => w.includes('skipping'))).toHaveLength(4);
    const stopping = scheduler.stop(); // waits for the scan running since :40
    await vi.advanceTimersByTimeAsync(5_000);
    await stopping;
    expect(rec.runs[1]!.end).toBeDefined();
  });

  it('reschedules to a new cron and keeps the old one when the new one is unusable', async () => {
    const { log, lines } = captureLog();
    const rec = recorder(10);
    const scheduler = new ScanScheduler({ cron: '0 * * * * *', splaySeconds: 0, task: rec.task, log });
    scheduler.start();
    expect(scheduler.reschedule('every minute', 0)).toBe(false);
    expect(scheduler.reschedule('2030-01-01', 0)).toBe(false);
    expect(scheduler.cron).toBe('0 * * * * *');
    expect(lines.filter((l) => l.msg.includes('unusable cron'))).toHaveLength(2);
    expect(scheduler.reschedule('*/15 * * * * *', 0)).toBe(true);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(rec.runs.map((r) => Math.round((r.start - t0) / 1000) * 1000)).toEqual([15_000, 30_000, 45_000, 60_000]);
    await scheduler.stop();
  });

  it('stop() cancels a pending splay and waits for a running scan', async () => {
    const { log } = captureLog();
    const rec = recorder(5_000);
    const scheduler = new ScanScheduler({ cron: '*/10 * * * * *', splaySeconds: 100, task: rec.task, log, random: () => 0.5 });
    scheduler.start();
    const now = scheduler.runNow();
    await vi.advanceTimersByTimeAsync(10_000); // tick at :10 is skipped: a scan is running
    await now;
    await vi.advanceTimersByTimeAsync(10_000); // tick at :20 starts a 50 s splay
    expect(rec.runs).toHaveLength(1);
    let stopped = false;
    void scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(stopped).toBe(true);
    expect(rec.runs).toHaveLength(1);
  });

  it('runNow() does not start a second scan while one runs', async () => {
    const { log } = captureLog();
    const rec = recorder(1_000);
    const scheduler = new ScanScheduler({ cron: '0 0 * * *', splaySeconds: 0, task: rec.task, log });
    const a = scheduler.runNow();
    const b = scheduler.runNow();
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([a, b]);
    expect(rec.runs).toHaveLength(1);
    await scheduler.stop();
  });
});

describe('cron expressions', () => {
  it('accepts five or six fields only', () => {
    expect(isCronExpression('17 */4 * * *')).toBe(true);
    expect(isCronExpression('*/5 * * * * *')).toBe(true);
    expect(isCronExpression('0 9 * * MON-FRI')).toBe(true);
    expect(isCronExpression('* * * *')).toBe(false);
    expect(isCronExpression('2030-01-01T00:00:00Z')).toBe(false);
  });
});
