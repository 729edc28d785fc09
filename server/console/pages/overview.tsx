// Fleet overview: open alerts by type and severity, alerts first seen per day (a stacked bar
// chart and a table by category, counted by the collector: GET /api/v1/alerts/stats), agents
// reporting vs silent and compliance coverage.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { Link } from '../router.js';
import type { Compliance, Page } from '../types.js';
import { ErrorMessage, Section, TYPE_LABELS, describe } from '../ui.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const COLOURS: Record<string, string> = { critical: '#a4161a', high: '#c5522a', medium: '#a8770b', low: '#4f6d8a', info: '#6c757d' };
const DAYS = 14;

/** The answer of GET /api/v1/alerts/stats. */
interface AlertStats {
  days: string[];
  series: { day: string; category: string; severity: string; count: number }[];
}

const total = (params: Record<string, string>) => api<Page>(`/api/v1/alerts${query({ ...params, status: 'open', limit: 1 })}`).then((p) => p.total);

function DailyChart({ stats }: { stats: AlertStats }) {
  const { days } = stats;
  const counts = days.map((day) => Object.fromEntries(SEVERITIES.map((s) => [s,
    stats.series.filter((c) => c.day === day && c.severity === s).reduce((n, c) => n + c.count, 0)])));
  const max = Math.max(1, ...counts.map((c) => SEVERITIES.reduce((n, s) => n + c[s]!, 0)));
  const [width, height, bar] = [700, 180, 700 / days.length];
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height + 20}`} width="100%" role="img" aria-labelledby="daily-caption" data-testid="daily-chart">
        {counts.map((c, i) => {
          let y = height;
          return SEVERITIES.map((s) => {
            const h = (c[s]! / max) * (height - 10);
            y -= h;
            return h > 0 ? <rect key={`${i}${s}`} x={i * bar + 4} y={y} width={bar - 8} height={h} fill={COLOURS[s]}><title>{`${days[i]}: ${c[s]} ${s}`}</title></rect> : null;
          });
        })}
        {days.map((d, i) => (i % 2 === 0 ? <text key={d} x={i * bar + bar / 2} y={height + 15} font-size="10" text-anchor="middle">{d.slice(5)}</text> : null))}
      </svg>
      <figcaption id="daily-caption">
        Alerts first seen per day (UTC) over the last {days.length} days, by severity:{' '}
        {SEVERITIES.map((s) => <span key={s} class="legend-item"><span class="dot" style={{ background: COLOURS[s] }} /> {s} </span>)}
      </figcaption>
    </figure>
  );
}

/** The same counts by category over the whole period, one column per severity. */
function CategoryTable({ stats }: { stats: AlertStats }) {
  const categories = [...new Set(stats.series.map((c) => c.category))].sort();
  const count = (category: string, severity?: string) => stats.series
    .filter((c) => c.category === category && (severity === undefined || c.severity === severity)).reduce((n, c) => n + c.count, 0);
  return (
    <table class="grid compact" data-testid="category-counts">
      <caption>Alerts first seen over the last {stats.days.length} days (UTC), by category and severity</caption>
      <thead><tr><th scope="col">Category</th>{SEVERITIES.map((s) => <th key={s} scope="col">{s}</th>)}<th scope="col">Total</th></tr></thead>
      <tbody>
        {categories.length === 0 ? <tr><td colSpan={SEVERITIES.length + 2}>No alerts in this period.</td></tr> : categories.map((category) => (
          <tr key={category}>
            <th scope="row">{category}</th>
            {SEVERITIES.map((s) => <td key={s}>{count(category, s)}</td>)}
            <td>{count(category)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OverviewPage() {
  const [byType, setByType] = useState<[string, number][]>();
  const [bySeverity, setBySeverity] = useState<[string, number][]>();
  const [stats, setStats] = useState<AlertStats>();
  const [compliance, setCompliance] = useState<Compliance>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const fail = (e: unknown) => setError(describe(e));
    Promise.all(Object.keys(TYPE_LABELS).map(async (type) => [type, await total({ type })] as [string, number])).then(setByType, fail);
    Promise.all(SEVERITIES.map(async (severity) => [severity, await total({ severity })] as [string, number])).then(setBySeverity, fail);
    api<AlertStats>(`/api/v1/alerts/stats?days=${DAYS}`).then(setStats, fail);
    api<Compliance>('/api/v1/compliance?limit=1').then(setCompliance, fail);
  }, []);
  const counts = (rows: [string, number][] | undefined, label: (k: string) => string, param: string) => (
    <table class="grid compact">
      <thead><tr><th scope="col">{param === 'type' ? 'Type' : 'Severity'}</th><th scope="col">Open</th></tr></thead>
      <tbody>{(rows ?? []).map(([k, n]) => <tr key={k}><td><Link href={`/alerts?status=open&${param}=${k}`}>{label(k)}</Link></td><td>{n}</td></tr>)}</tbody>
    </table>
  );
  const s = compliance?.summary;
  return (
    <main id="main">
      <h1>Fleet overview</h1>
      <ErrorMessage error={error} />
      <div class="columns">
        <Section title="Open alerts by type">{counts(byType, (k) => TYPE_LABELS[k] ?? k, 'type')}</Section>
        <Section title="Open alerts by severity">{counts(bySeverity, (k) => k, 'severity')}</Section>
        <Section title="Agents and compliance">
          {s ? (
            <dl class="facts" data-testid="fleet-facts">
              <dt>Devices known</dt><dd>{s.devices} ({s.enrolled} enrolled)</dd>
              <dt>Reporting</dt><dd>{s.withinSla} within {compliance!.sla.hours} h</dd>
              <dt>Silent</dt><dd>{s.enrolled - s.withinSla} enrolled, {s.neverSeen} never seen</dd>
              <dt>Coverage</dt><dd>{s.coveragePercent === null ? '—' : `${s.coveragePercent.toFixed(1)} %`}</dd>
              <dt>Compliance</dt><dd><Link href="/compliance">{s.pass} pass, {s.fail} fail, {s.unknown} unknown</Link></dd>
            </dl>
          ) : <p>Loading…</p>}
        </Section>
      </div>
      <Section title="Alerts over time">{stats ? <><DailyChart stats={stats} /><CategoryTable stats={stats} /></> : <p>Loading…</p>}</Section>
    </main>
  );
}
