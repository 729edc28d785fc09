// The scheduler's allowed window and catch-up, on fake timers: node-schedule, the splay and the
// wake watch all read Date and wait with setTimeout/setInterval, so the fake clock drives them.
// A sleeping laptop is a clock that jumps ahead while timers stay behind (vi.setSystemTime).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { missedOccurrence } from '../../../agent/runtime/catch-up.js';
import { isInWindow, nextWindowOpening, windowRemainingMs } from '../../../agent/runtime/scan-window.js';
import { ScanScheduler } from '../../../agent/runtime/scheduler.js';
import { captureLog } from './helpers.js';

const at = (hours: number, minutes = 0, seconds = 0, day = 2) => new Date(2025, 5, day, hours, minutes, seconds, 0);
const clock = (date: Date) => `${date.getDate()} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}:${String(date.getSeconds()).padStart(2, '0')}`;

function recorder(durationMs = 1_000) {
  const starts: Date[] = [];
  let active = 0;
  let maxActive = 0;
  const task = async () => {
    starts.push(new Date());
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    active--;
  };
  return { task, starts: () => starts.map(clock), maxActive: () => maxActive };
}

describe('allowed scan window', () => {
  it('knows windows within a day and across midnight', () => {
    const night = { start: '22:00', end: '06:00' };
    expect(isInWindow(at(23, 30), night)).toBe(true);
    expect(isInWindow(at(5, 59), night)).toBe(true);
    expect(isInWindow(at(6, 0), night)).toBe(false);
    expect(isInWindow(at(12, 0), night)).toBe(false);
    const lunch = { start: '12:00', end: '13:30' };
    expect(isInWindow(at(12, 0), lunch)).toBe(true);
    expect(isInWindow(at(13, 30), lunch)).toBe(false);
    expect(isInWindow(at(3, 0), { start: '08:00', end: '08:00' })).toBe(true);
    expect(clock(nextWindowOpening(at(12, 0), night))).toBe('2 22:00:00');
    expect(clock(nextWindowOpening(at(6, 30), { start: '05:00', end: '06:00' }))).toBe('3 05:00:00');
    expect(windowRemainingMs(at(23, 0), night)).toBe(7 * 3_600_000);
  });
});

describe('missed cron occurrences', () => {
  it('finds the first due time after the last scan, if it is past', () => {
    expect(missedOccurrence('0 6 * * *', at(4), at(9))?.getTime()).toBe(at(6).getTime());
    expect(missedOccurrence('0 6 * * *', at(7), at(9))).toBeUndefined();
    expect(missedOccurrence('not a cron', at(4), at(9))).toBeUndefined();
  });
});

describe('scheduler window, catch-up and overlap', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: at(9) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('defers a scan due outside the window to its opening, plus the splay', async () => {
    const { log, lines } = captureLog();
    const rec = recorder();
    const scheduler = new ScanScheduler({ cron: '0 * * * *', splaySeconds: 600, window: { start: '22:00', end: '06:00' }, task: rec.task, log, random: () => 0.5 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(14.2 * 3_600_000); // to 23:12
    // 10:00 is due outside the window: it waits for 22:00 (+5 min splay); ticks meanwhile add nothing.
    expect(rec.starts()).toEqual(['2 22:05:00', '2 23:05:00']);
    expect(lines.filter((l) => l.msg.includes('outside the allowed window'))).toHaveLength(1);
    await scheduler.stop();
  });

  it('keeps the splay inside a short window', async () => {
    const { log } = captureLog();
    const rec = recorder();
    const scheduler = new ScanScheduler({ cron: '0 21 * * *', splaySeconds: 7_200, window: { start: '22:00', end: '22:10' }, task: rec.task, log, random: () => 0.99 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(14 * 3_600_000);
    expect(rec.starts()).toHaveLength(1);
    expect(rec.starts()[0]! >= '2 22:00:00' && rec.starts()[0]! < '2 22:10:00').toBe(true);
    await scheduler.stop();
  });

  it('catches up on start when the agent was down at the scheduled time', async () => {
    const { log, lines } = captureLog();
    const rec = recorder();
    const scheduler = new ScanScheduler({ cron: '0 6 * * *', splaySeconds: 60, lastScanAt: at(6, 0, 0, 1), task: rec.task, log, random: () => 0.5 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rec.starts()).toEqual(['2 09:00:30']);
    expect(lines.find((l) => l.msg.includes('catching up'))).toMatchObject({ missed: at(6).toISOString() });
    await scheduler.stop();
  });

  it('does not catch up when nothing was missed', async () => {
    const { log } = captureLog();
    const rec = recorder();
    const scheduler = new ScanScheduler({ cron: '0 6 * * *', splaySeconds: 0, lastScanAt: at(6, 1), task: rec.task, log });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(rec.starts()).toEqual([]);
    await scheduler.stop();
  });

  it('runs a scan missed during sleep at wake, and the late timer does not run it again', async () => {
    const { log, lines } = captureLog();
    const rec = recorder();
    const scheduler = new ScanScheduler({ cron: '0 * * * *', splaySeconds: 0, lastScanAt: at(9), task: rec.task, log, wakeCheckMs: 60_000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(30 * 60_000); // 09:30, awake, nothing due yet
    vi.setSystemTime(at(12, 30)); // asleep from 09:30 to 12:30: the clock moved, timers did not
    await vi.advanceTimersByTimeAsync(61_000);
    expect(lines.find((l) => l.msg.includes('woke up'))).toBeDefined();
    expect(rec.starts()).toEqual(['2 12:31:00']);
    // The 10:00 timer fires late (at 13:00 by the clock); the scan at wake covered it.
    await vi.advanceTimersByTimeAsync(90 * 60_000); // to 14:01
    expect(rec.starts()).toEqual(['2 12:31:00', '2 13:00:00', '2 14:00:00']);
    await scheduler.stop();
  });

  it('never starts a catch-up while a scan is running', async () => {
    const { log } = captureLog();
    const rec = recorder(5 * 60_000);
    const scheduler = new ScanScheduler({ cron: '0 * * * *', splaySeconds: 0, lastScanAt: at(9), task: rec.task, log, wakeCheckMs: 60_000 });
    scheduler.start();
    const running = scheduler.runNow(); // 09:00 to 09:05
    vi.setSystemTime(at(11, 0, 30)); // the laptop slept mid-scan
    await vi.advanceTimersByTimeAsync(61_000); // wake noticed while the scan still runs
    expect(rec.starts()).toEqual(['2 09:00:00']);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await running;
    expect(rec.maxActive()).toBe(1);
    await scheduler.stop();
  });
});
