// How long an agent may stay quiet: the longest gap between two scans its policy schedules, plus
// the splay, times a grace factor (sleep, travel, a day off). Beyond that, silence is a signal.
import cronParser from 'cron-parser';
import type { Policy } from '../../shared/index.js';
import { longestCronGapMs } from './cron-gap.js';

const DAY_MS = 86_400_000;
/** Gap assumed for a cron using syntax the gap evaluator does not know (L, W, #): at most monthly. */
const UNKNOWN_GAP_MS = 32 * DAY_MS;
const SAMPLE_START = new Date('2025-01-06T00:00:00.000Z');

/** Five or six fields, as the agent's scheduler accepts (agent/runtime/scheduler.ts). */
const CRON_FIELD = /^[0-9*/,?LW#A-Za-z-]+$/;

/** Why the cron expression is unusable, or undefined when cron-parser accepts it. */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (!(fields.length === 5 || fields.length === 6) || !fields.every((f) => CRON_FIELD.test(f))) {
    return 'expected a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. "17 */4 * * *"';
  }
  try {
    cronParser.parseExpression(cron, { currentDate: SAMPLE_START, tz: 'UTC' }).next();
    return undefined;
  } catch (error) {
    return `not a usable cron expression: ${(error as Error).message}`;
  }
}

/**
 * After how long without a report an agent is silent under `policy`: factor x (longest cron gap
 * + splay). A scan window can push a scan to the next day's window, so the gap is then at least a day.
 */
export function silentAfterMs(policy: Policy, factor: number): number {
  const gap = longestCronGapMs(policy.scan.cron) ?? UNKNOWN_GAP_MS;
  const windowed = (policy.scan as { window?: unknown }).window === undefined ? gap : Math.max(gap, DAY_MS);
  return Math.round(factor * (windowed + policy.scan.splaySeconds * 1000));
}
