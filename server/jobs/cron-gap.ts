// The longest time between two consecutive runs of a cron schedule, computed day by day from the
// expanded fields (sampling occurrences one by one with cron-parser takes seconds per policy).
// Supports what schedules use: numbers, names, `*`, `?`, ranges, steps and lists; a six-field
// expression's seconds are ignored (they shorten gaps by under a minute).

const DAY_MINUTES = 1440;
/** Four years from a fixed Monday, so leap days and every weekday/month combination occur. */
const SAMPLE_START = Date.UTC(2025, 0, 6);
const SAMPLE_DAYS = 4 * 366;

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec { min: number; max: number; names?: string[]; nameBase?: number }
const FIELDS: Record<'minute' | 'hour' | 'dom' | 'month' | 'dow', FieldSpec> = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dom: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  dow: { min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
};

function value(token: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named >= 0) return named + spec.nameBase!;
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

/** The values a field allows, or undefined for syntax this evaluator does not know (L, W, #). */
function expand(field: string, spec: FieldSpec): Set<number> | undefined {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!match) return undefined;
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (match[1] === '*' || match[1] === '?') {
      [from, to] = [spec.min, spec.max];
    } else {
      const [a, b] = match[1]!.split('-');
      from = value(a!, spec);
      to = b === undefined ? (match[2] === undefined ? from : spec.max) : value(b, spec);
    }
    if (from === undefined || to === undefined || from > to) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const unrestricted = (field: string) => field === '*' || field === '?';

/**
 * Longest gap in ms between consecutive runs, or undefined when the expression uses syntax this
 * evaluator does not know, or never runs.
 */
export function longestCronGapMs(cron: string): number | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length === 6) fields.shift();
  if (fields.length !== 5) return undefined;
  const [minuteField, hourField, domField, monthField, dowField] = fields as [string, string, string, string, string];
  const minutes = expand(minuteField, FIELDS.minute);
  const hours = expand(hourField, FIELDS.hour);
  const doms = expand(domField, FIELDS.dom);
  const months = expand(monthField, FIELDS.month);
  const dows = expand(dowField, FIELDS.dow);
  if (!minutes || !hours || !doms || !months || !dows) return undefined;
  if (dows.has(7)) dows.add(0);

  const offsets = [...hours].flatMap((h) => [...minutes].map((m) => h * 60 + m)).sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < offsets.length; i++) longest = Math.max(longest, offsets[i]! - offsets[i - 1]!);
  // Standard cron: when both day fields are restricted, a day matching either runs.
  const either = !unrestricted(domField) && !unrestricted(dowField);

  let previousDay: number | undefined;
  for (let d = 0; d < SAMPLE_DAYS; d++) {
    const date = new Date(SAMPLE_START + d * DAY_MINUTES * 60_000);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const byDom = doms.has(date.getUTCDate());
    const byDow = dows.has(date.getUTCDay());
    if (!(either ? byDom || byDow : byDom && byDow)) continue;
    if (previousDay !== undefined) longest = Math.max(longest, (d - previousDay) * DAY_MINUTES + offsets[0]! - offsets.at(-1)!);
    previousDay = d;
  }
  if (previousDay === undefined) return undefined;
  // Runs on one day a year or less often within the sample: the gap is the sample itself at most.
  return (longest || SAMPLE_DAYS * DAY_MINUTES) * 60_000;
}
