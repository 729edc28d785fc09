// The alert queue: server-side filters and paging over GET /api/v1/alerts, with counts per status.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { Link, navigate, useLocation } from '../router.js';
import type { Alert, Page } from '../types.js';
import { ErrorMessage, Loading, Pager, SeverityBadge, TYPE_LABELS, Time, useApi } from '../ui.js';

const PAGE_SIZE = 50;
const SORT_NAMES: Record<string, string> = { lastSeen: 'last seen', firstSeen: 'first seen', score: 'score' };
const STATUSES = ['open', 'acknowledged', 'resolved'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const FILTERS = ['status', 'type', 'severity', 'assignee', 'within', 'sort', 'order'] as const;
const WINDOWS: Record<string, [label: string, hours: number]> = { '24h': ['24 hours', 24], '7d': ['7 days', 168], '30d': ['30 days', 720] };

/** The API's query for the URL's filters: `within` becomes a `since` bound. */
function apiFilters(filters: Record<string, string | undefined>): Record<string, string | undefined> {
  const { within, ...rest } = filters;
  const window = within ? WINDOWS[within] : undefined;
  // Rounded to the minute so re-renders ask for the same page.
  const since = window ? new Date(Math.floor(Date.now() / 60_000) * 60_000 - window[1] * 3_600_000).toISOString() : undefined;
  return { ...rest, since };
}

function useStatusCounts(filters: Record<string, string | undefined>): Record<string, number> {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const key = JSON.stringify(filters);
  useEffect(() => {
    let current = true;
    Promise.all(STATUSES.map((status) => api<Page>(`/api/v1/alerts${query({ ...filters, status, limit: 1 })}`).then((p) => [status, p.total] as const)))
      .then((entries) => current && setCounts(Object.fromEntries(entries)), () => undefined);
    return () => {
      current = false;
    };
  }, [key]);
  return counts;
}

export function AlertQueue() {
  const { search } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const offset = Number(search.get('offset') ?? 0);
  const { data, error } = useApi<Page & { alerts: Alert[] }>(`/api/v1/alerts${query({ ...apiFilters(filters), limit: PAGE_SIZE, offset })}`);
  const { status: _status, sort: _sort, order: _order, ...countFilters } = apiFilters(filters);
  const counts = useStatusCounts(countFilters);
  const sortKey = filters.sort ?? 'lastSeen';
  const ascending = filters.order === 'asc';
  const SortHeader = ({ field, label }: { field: string; label: string }) => (
    <th scope="col" aria-sort={sortKey === field ? (ascending ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => go({ sort: field, order: sortKey === field && !ascending ? 'asc' : 'desc' })}>
        {label}{sortKey === field ? (ascending ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  const go = (changes: Record<string, string | number | undefined>) => navigate(`/alerts${query({ ...filters, offset: 0, ...changes })}`);

  return (
    <main id="main">
      <h1>Alerts</h1>
      <nav aria-label="Alert status" class="tabs">
        <Link href={`/alerts${query({ ...filters, status: undefined })}`} class={filters.status ? '' : 'current'}>All</Link>
        {STATUSES.map((status) => (
          <Link key={status} href={`/alerts${query({ ...filters, status })}`} class={filters.status === status ? 'current' : ''}>
            {status} <span class="count" data-testid={`count-${status}`}>{counts[status] ?? '…'}</span>
          </Link>
        ))}
      </nav>
      <form class="filters" aria-label="Filter alerts" onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget as HTMLFormElement);
        go(Object.fromEntries(['type', 'severity', 'assignee', 'within'].map((f) => [f, (form.get(f) as string) || undefined])));
      }}>
        <label>Type
          <select name="type" value={filters.type ?? ''}>
            <option value="">any</option>
            {Object.entries(TYPE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label>Severity
          <select name="severity" value={filters.severity ?? ''}>
            <option value="">any</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Assignee <input name="assignee" value={filters.assignee ?? ''} size={12} /></label>
        <label>Last seen within
          <select name="within" value={filters.within ?? ''}>
            <option value="">any time</option>
            {Object.entries(WINDOWS).map(([value, [label]]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorMessage error={error} />
      {!data && !error && <Loading what="alerts" />}
      {data && (
        <>
          <table class="grid">
            <caption>{data.total} alert{data.total === 1 ? '' : 's'}, sorted by {SORT_NAMES[sortKey] ?? sortKey}, {ascending ? 'lowest' : 'highest'} first</caption>
            <thead>
              <tr><th scope="col">Severity</th><SortHeader field="score" label="Score" /><th scope="col">Type</th><th scope="col">Summary</th><th scope="col">Devices</th><th scope="col">Status</th><th scope="col">Assignee</th><SortHeader field="firstSeen" label="First seen" /><SortHeader field="lastSeen" label="Last seen" /></tr>
            </thead>
            <tbody>
              {data.alerts.map((alert) => (
                <tr key={alert.id}>
                  <td><SeverityBadge severity={alert.severity} /></td>
                  <td>{alert.score}</td>
                  <td>{TYPE_LABELS[alert.type] ?? alert.type}</td>
                  <td><Link href={`/alerts/${alert.id}`}>{alert.summary}</Link></td>
                  <td>{alert.agentIds.length}</td>
                  <td>{alert.status}{alert.resolution ? ` (${alert.resolution.replace('_', ' ')})` : ''}</td>
                  <td>{alert.assignee ?? '—'}</td>
                  <td><Time at={alert.firstSeen} /></td>
                  <td><Time at={alert.lastSeen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={data.total} limit={PAGE_SIZE} offset={offset} onOffset={(o) => go({ ...filters, offset: o })} />
        </>
      )}
    </main>
  );
}
