// A small periodic job runner. Every interval it asks the leader lock whether this collector
// leads; only the leader runs the jobs, one after the other. A failing job is logged and the
// others still run. The clock is injectable so tests can move time.
import type { Logger } from 'pino';
import type { LeaderLock } from './leader.js';

export interface Job {
  name: string;
  /** Does one round of work as of `now`; the result is logged. */
  run(now: Date): Promise<unknown>;
}

export interface JobRunnerOptions {
  jobs: readonly Job[];
  leader: LeaderLock;
  intervalMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  now?: () => Date;
}

export interface TickResult {
  leading: boolean;
  /** Jobs that ran and did not fail. */
  ran: string[];
  failed: string[];
}

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult> | undefined;
  private stopped = false;
  private leading = false;

  constructor(private readonly options: JobRunnerOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Runs a round now, then one every interval until stop(). */
  start(): void {
    this.stopped = false;
    const loop = () => {
      void this.tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.options.intervalMs).unref();
      });
    };
    loop();
  }

  /** One round: (re)take or keep leadership, and run every job if leading. Rounds never overlap. */
  tick(): Promise<TickResult> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<TickResult> {
    const { leader, jobs, logger } = this.options;
    const wasLeading = this.leading;
    this.leading = await leader.acquire();
    if (this.leading !== wasLeading) logger.info({ leading: this.leading }, this.leading ? 'leading the periodic jobs' : 'another collector runs the periodic jobs');
    const result: TickResult = { leading: this.leading, ran: [], failed: [] };
    if (!this.leading || this.stopped) return result;
    for (const job of jobs) {
      const now = (this.options.now ?? (() => new Date()))();
      try {
        const outcome = await job.run(now);
        result.ran.push(job.name);
        logger.debug({ job: job.name, outcome }, 'job ran');
      } catch (error) {
        result.failed.push(job.name);
        logger.error({ err: error, job: job.name }, 'job failed');
      }
    }
    return result;
  }

  /** Stops scheduling, waits for a running round and gives up leadership. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.options.leader.release();
    this.leading = false;
  }
}
