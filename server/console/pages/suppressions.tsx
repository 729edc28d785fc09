// Suppression rules: what is silenced, why, by whom and until when; analysts may delete them.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { actorName, type Actor, type Page } from '../types.js';
import { ErrorMessage, Loading, Time, describe, useApi } from '../ui.js';

interface Suppression {
  id: string; agentId: string | null; employeeId: string | null; signal: string | null; tool: string | null; network: string | null;
  reason: string | null; createdAt: string; createdBy: Actor; expiresAt: string | null;
}

export function SuppressionsPage() {
  const { data, error, reload } = useApi<Page & { suppressions: Suppression[] }>('/api/v1/suppressions?limit=500');
  const [actionError, setActionError] = useState<string>();
  const remove = async (s: Suppression) => {
    try {
      await api(`/api/v1/suppressions/${s.id}`, { method: 'DELETE' });
      reload();
    } catch (e) {
      setActionError(describe(e));
    }
  };
  return (
    <main id="main">
      <h1>Suppressions</h1>
      <p class="hint">Create one from an alert's page. A rule matches alerts that meet every criterion it names.</p>
      <ErrorMessage error={error ?? actionError} />
      {!data && !error && <Loading what="suppressions" />}
      {data && (
        <table class="grid">
          <caption>{data.total} rule{data.total === 1 ? '' : 's'}</caption>
          <thead><tr><th scope="col">Matches</th><th scope="col">Reason</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>{data.suppressions.map((s) => (
            <tr key={s.id}>
              <td>{(['signal', 'agentId', 'employeeId', 'tool', 'network'] as const).filter((k) => s[k]).map((k) => `${k} ${s[k]}`).join(', ')}</td>
              <td>{s.reason ?? '—'}</td>
              <td><Time at={s.createdAt} /> by {actorName(s.createdBy)}</td>
              <td>{s.expiresAt ? <Time at={s.expiresAt} /> : 'never'}</td>
              <td><button type="button" onClick={() => remove(s)}>Delete</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </main>
  );
}
