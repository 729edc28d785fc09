// The audit log: every change with who made it, newest first, filtered and paged on the server.
import { query } from '../api.js';
import { navigate, useLocation } from '../router.js';
import { actorName, type AuditEntry, type Page } from '../types.js';
import { ErrorMessage, Loading, Pager, Time, useApi } from '../ui.js';

const PAGE_SIZE = 50;

export function AuditPage() {
  const { search } = useLocation();
  const filters = { action: search.get('action') ?? undefined, targetType: search.get('targetType') ?? undefined };
  const offset = Number(search.get('offset') ?? 0);
  const { data, error } = useApi<Page & { entries: AuditEntry[] }>(`/api/v1/audit${query({ ...filters, limit: PAGE_SIZE, offset })}`);
  return (
    <main id="main">
      <h1>Audit log</h1>
      <form class="filters" aria-label="Filter the audit log" onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget as HTMLFormElement);
        navigate(`/audit${query({ action: (f.get('action') as string) || undefined, targetType: (f.get('targetType') as string) || undefined })}`);
      }}>
        <label>Action <input name="action" placeholder="alert.resolve" defaultValue={filters.action ?? ''} /></label>
        <label>Target type <input name="targetType" placeholder="alert" defaultValue={filters.targetType ?? ''} /></label>
        <button type="submit">Filter</button>
      </form>
      <ErrorMessage error={error} />
      {!data && !error && <Loading what="the audit log" />}
      {data && (
        <>
          <table class="grid" data-testid="audit-table">
            <caption>{data.total} entries, newest first</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Change</th></tr></thead>
            <tbody>{data.entries.map((entry) => (
              <tr key={entry.id}>
                <td><Time at={entry.at} /></td>
                <td>{actorName(entry.actor)}</td>
                <td><code>{entry.action}</code></td>
                <td>{entry.targetType}{entry.targetId ? ` ${entry.targetId.slice(0, 36)}` : ''}</td>
                <td><details><summary>before / after</summary><pre>{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre></details></td>
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} limit={PAGE_SIZE} offset={offset} onOffset={(o) => navigate(`/audit${query({ ...filters, offset: o })}`)} />
        </>
      )}
    </main>
  );
}
