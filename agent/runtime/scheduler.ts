// Runs the scan task on the policy's cron (node-schedule), each time after a random splay so a
// fleet does not report at once, and never two at a time: a tick that finds the previous scan
// still running (or still waiting out its splay) is skipped and logged. A scan due outside the
// policy's window waits for the window to open; a scan missed while the agent was stopped or the
// laptop slept runs on start or at wake.
import schedule from 'node-schedule';
import type { Logger } from '../log.js';
import { missedOccurrence, WakeWatch } from './catch-up.js';
import { nextWindowOpening, windowRemainingMs, type ScanWindow } from './scan-window.js';

export interface SchedulerOptions {
  cron: string;
  splaySeconds: number;
  task: () => Promise<void>;
  log: Logger;
  /** Source of the splay, [0, 1). */
  random?: () => number;
  /** Scheduled scans start only inside this local-time window. */
  window?: ScanWindow;
  /** When the last scan started (persisted): a cron time missed since then is caught up. */
  lastScanAt?: Date;
  /** How often the wall clock is compared with the timers to notice a wake; default 60 s. */
  wakeCheckMs?: number;
}

const CRON_FIELD = /^[0-9*/,?LW#A-Za-z-]+$/;

/** Five fields (minute precision) or six (with seconds). Anything else is refused, not guessed. */
export function isCronExpression(cron: string): boolean {
  const fields = cron.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((f) => CRON_FIELD.test(f));
}

export class ScanScheduler {
  private readonly options: SchedulerOptions;
  private cronExpression: string;
  private splaySeconds: number;
  private scanWindow: ScanWindow | undefined;
  private lastScanAt: Date | undefined;
  private readonly wakeWatch: WakeWatch;
  private job: schedule.Job | undefined;
  private splayTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private busy = false;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.options = options;
    this.cronExpression = options.cron;
    this.splaySeconds = options.splaySeconds;
    this.scanWindow = options.window;
    this.lastScanAt = options.lastScanAt;
    this.wakeWatch = new WakeWatch(options.wakeCheckMs ?? 60_000, (gapMs) => {
      this.options.log.info({ gapMs }, 'woke up (the clock jumped ahead)');
      this.catchUp();
    });
  }

  get cron(): string {
    return this.cronExpression;
  }

  get splay(): number {
    return this.splaySeconds;
  }

  get window(): ScanWindow | undefined {
    return this.scanWindow;
  }

  get nextRun(): Date | undefined {
    return this.job?.nextInvocation() ?? undefined;
  }

  /** Starts the cron job (false, nothing scheduled, when the expression is unusable), and catches up a missed scan. */
  start(): boolean {
    if (!this.reschedule(this.cronExpression, this.splaySeconds, this.scanWindow)) return false;
    this.wakeWatch.start();
    this.catchUp();
    return true;
  }

  /** A scan the cron asked for since the last one and that never ran: schedule it now (splay and window apply). */
  catchUp(): void {
    if (this.stopped || !this.lastScanAt) return;
    const missed = missedOccurrence(this.cronExpression, this.lastScanAt, new Date());
    if (!missed) return;
    this.options.log.info({ missed: missed.toISOString(), lastScanAt: this.lastScanAt.toISOString() }, 'a scheduled scan was missed; catching up');
    this.trigger();
  }

  /** Switches to a new cron, splay and window; keeps the old schedule when the new cron is unusable. */
  reschedule(cron: string, splaySeconds: number, window?: ScanWindow): boolean {
    if (this.stopped) return false;
    const job = isCronExpression(cron) ? (schedule.scheduleJob(cron, (fireDate: Date) => this.trigger(fireDate)) as schedule.Job | null) : null;
    if (!job) {
      this.options.log.error({ cron, keeping: this.job ? this.cronExpression : null }, 'unusable cron expression in the policy');
      return false;
    }
    this.job?.cancel();
    this.job = job;
    this.cronExpression = cron;
    this.splaySeconds = splaySeconds;
    this.scanWindow = window;
    this.options.log.info({ cron, splaySeconds, window, next: job.nextInvocation()?.toISOString() }, 'scans scheduled');
    return true;
  }

  /**
   * A cron tick (or a catch-up): wait for the window to open and a random splay, then scan, unless
   * a scan is already under way. `fireDate` is the tick's own time: a timer delayed by sleep fires
   * late, and a scan that started after that time (the catch-up) already covered it.
   */
  trigger(fireDate?: Date): void {
    if (this.stopped) return;
    if (fireDate && this.lastScanAt && this.lastScanAt.getTime() >= fireDate.getTime()) {
      this.options.log.debug({ fireDate: fireDate.toISOString() }, 'scheduled time already covered by a later scan');
      return;
    }
    if (this.splayTimer) {
      this.options.log.debug({ cron: this.cronExpression }, 'a scan is already waiting for its window or splay; not queueing another');
      return;
    }
    if (this.busy) {
      this.options.log.warn({ cron: this.cronExpression }, 'previous scan still running; skipping this scheduled scan');
      return;
    }
    this.busy = true;
    const now = new Date();
    const opensAt = this.scanWindow ? nextWindowOpening(now, this.scanWindow) : now;
    // The splay is kept inside the window so the scan still starts before it closes.
    const splayMs = Math.min(this.splaySeconds * 1000, this.scanWindow ? windowRemainingMs(opensAt, this.scanWindow) - 1000 : Infinity);
    const delayMs = opensAt.getTime() - now.getTime() + Math.floor((this.options.random ?? Math.random)() * Math.max(0, splayMs));
    if (opensAt !== now) this.options.log.info({ window: this.scanWindow, opensAt: opensAt.toISOString() }, 'scan due outside the allowed window; waiting for it to open');
    this.options.log.debug({ delayMs }, 'scan due; waiting out the splay');
    this.splayTimer = setTimeout(() => {
      this.splayTimer = undefined;
      void this.execute();
    }, delayMs);
  }

  /** Runs the task now (no splay) unless one is under way; resolves when that run ends. */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.busy) return this.running ?? Promise.resolve();
    this.busy = true;
    return this.execute();
  }

  /** Cancels future runs and a pending splay; resolves once a running task has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeWatch.stop();
    this.job?.cancel();
    this.job = undefined;
    if (this.splayTimer) {
      clearTimeout(this.splayTimer);
      this.splayTimer = undefined;
      this.busy = false;
    }
    await this.running;
  }

  private execute(): Promise<void> {
    this.lastScanAt = new Date();
    this.running = (async () => {
      try {
        await this.options.task();
      } catch (error) {
        this.options.log.error({ err: error }, 'scheduled scan failed');
      } finally {
        this.busy = false;
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
