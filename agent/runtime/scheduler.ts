// Runs the scan task on the policy's cron (node-schedule), each time after a random splay so a
// fleet does not report at once, and never two at a time: a tick that finds the previous scan
// still running (or still waiting out its splay) is skipped and logged.
import schedule from 'node-schedule';
import type { Logger } from '../log.js';

export interface SchedulerOptions {
  cron: string;
  splaySeconds: number;
  task: () => Promise<void>;
  log: Logger;
  /** Source of the splay, [0, 1). */
  random?: () => number;
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
  private job: schedule.Job | undefined;
  private splayTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private busy = false;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.options = options;
    this.cronExpression = options.cron;
    this.splaySeconds = options.splaySeconds;
  }

  get cron(): string {
    return this.cronExpression;
  }

  get splay(): number {
    return this.splaySeconds;
  }

  get nextRun(): Date | undefined {
    return this.job?.nextInvocation() ?? undefined;
  }

  /** Starts the cron job; false (and nothing scheduled) when the expression is unusable. */
  start(): boolean {
    return this.reschedule(this.cronExpression, this.splaySeconds);
  }

  /** Switches to a new cron and splay; keeps the old schedule when the new cron is unusable. */
  reschedule(cron: string, splaySeconds: number): boolean {
    if (this.stopped) return false;
    const job = isCronExpression(cron) ? (schedule.scheduleJob(cron, () => this.trigger()) as schedule.Job | null) : null;
    if (!job) {
      this.options.log.error({ cron, keeping: this.job ? this.cronExpression : null }, 'unusable cron expression in the policy');
      return false;
    }
    this.job?.cancel();
    this.job = job;
    this.cronExpression = cron;
    this.splaySeconds = splaySeconds;
    this.options.log.info({ cron, splaySeconds, next: job.nextInvocation()?.toISOString() }, 'scans scheduled');
    return true;
  }

  /** A cron tick: wait a random splay, then scan, unless a scan is already under way. */
  trigger(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.options.log.warn({ cron: this.cronExpression }, 'previous scan still running; skipping this scheduled scan');
      return;
    }
    this.busy = true;
    const delayMs = Math.floor((this.options.random ?? Math.random)() * this.splaySeconds * 1000);
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
