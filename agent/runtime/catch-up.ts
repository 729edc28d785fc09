// Catch-up after sleep or downtime. Timers do not advance while a laptop sleeps, and nothing runs
// while the agent is stopped, so a scan the cron asked for can be missed. The scheduler asks
// `missedOccurrence` on start and whenever `WakeWatch` notices the wall clock jumped ahead.
import cronParser from 'cron-parser';

/** The first time the cron was due after `since` if that time is already past `now`. */
export function missedOccurrence(cron: string, since: Date, now: Date): Date | undefined {
  let due: Date;
  try {
    due = cronParser.parseExpression(cron, { currentDate: since }).next().toDate();
  } catch {
    return undefined;
  }
  return due.getTime() <= now.getTime() ? due : undefined;
}

/**
 * Calls `onWake` when an interval timer fires much later by the wall clock than it should have:
 * the machine slept (or the process was suspended) in between.
 */
export class WakeWatch {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly onWake: (gapMs: number) => void,
  ) {}

  start(): void {
    this.stop();
    this.last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      const gapMs = now - this.last;
      this.last = now;
      if (gapMs > this.intervalMs * 2) this.onWake(gapMs);
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
