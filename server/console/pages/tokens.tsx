// Admin API tokens (admins): mint one (its secret is shown once), revoke one.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorMessage, Loading, Section, Time, describe, useApi } from '../ui.js';

interface Token { id: string; role: string; label: string | null; createdAt: string; revokedAt: string | null }

export function TokensPage() {
  const { data, error, reload } = useApi<{ tokens: Token[] }>('/api/v1/tokens');
  const [actionError, setActionError] = useState<string>();
  const [secret, setSecret] = useState<string>();
  const mint = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      const label = (form.get('label') as string).trim();
      const answer = await api<{ secret: string }>('/api/v1/tokens', { body: { role: form.get('role'), ...(label ? { label } : {}) } });
      setSecret(answer.secret);
      reload();
    } catch (e) {
      setActionError(describe(e));
    }
  };
  const revoke = async (token: Token) => {
    try {
      await api(`/api/v1/tokens/${token.id}`, { method: 'DELETE' });
      reload();
    } catch (e) {
      setActionError(describe(e));
    }
  };
  return (
    <main id="main">
      <h1>API tokens</h1>
      <ErrorMessage error={error ?? actionError} />
      {secret && <p class="ok" role="status">New token (shown once, copy it now): <code>{secret}</code></p>}
      {!data && !error && <Loading what="tokens" />}
      {data && (
        <table class="grid">
          <thead><tr><th scope="col">Label</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>{data.tokens.map((t) => (
            <tr key={t.id}><td>{t.label ?? t.id.slice(0, 8)}</td><td>{t.role}</td><td><Time at={t.createdAt} /></td>
              <td>{t.revokedAt ? <>revoked <Time at={t.revokedAt} /></> : 'active'}</td>
              <td>{!t.revokedAt && <button type="button" onClick={() => revoke(t)}>Revoke</button>}</td></tr>
          ))}</tbody>
        </table>
      )}
      <Section title="Mint a token">
        <form class="stack" onSubmit={mint}>
          <label>Role <select name="role"><option value="viewer">viewer</option><option value="analyst">analyst</option><option value="admin">admin</option></select></label>
          <label>Label <input name="label" placeholder="siem-export" /></label>
          <button type="submit">Mint token</button>
        </form>
      </Section>
    </main>
  );
}
