// The storage contract for the fleet overview's time series: alerts counted by the UTC day they
// were first seen, their category and severity.
import type { Category, Severity } from '../../shared/index.js';

export const ALERT_STATS_MAX_DAYS = 90;

export interface AlertCountsQuery {
  /** 1..ALERT_STATS_MAX_DAYS: today (UTC) and the days before it. */
  days: number;
  /** ISO-8601; the last day counted is this instant's UTC day. */
  now: string;
}

export interface AlertCount {
  /** UTC day of first_seen, YYYY-MM-DD. */
  day: string;
  category: Category;
  severity: Severity;
  count: number;
}

export interface AlertStatsStore {
  /** Counts of alerts first seen on each of the last `days` UTC days up to `now`, ordered by day, category, severity. */
  alertCounts(query: AlertCountsQuery): Promise<AlertCount[]>;
}

/** The UTC days of a query, oldest first, and the first instant after the last one. */
export function alertCountDays({ days, now }: AlertCountsQuery): { days: string[]; from: string; until: string } {
  const today = Date.parse(`${now.slice(0, 10)}T00:00:00.000Z`);
  const list = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  return { days: list, from: `${list[0]}T00:00:00.000Z`, until: new Date(today + 86_400_000).toISOString() };
}
