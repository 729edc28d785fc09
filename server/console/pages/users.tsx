// Console users (admins only): create with a chosen or generated password, delete.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorMessage, Loading, Section, Time, describe, useApi } from '../ui.js';

interface User { id: string; username: string; role: string; disabled: boolean; createdAt: string; lastLoginAt: string | null }

export function UsersPage() {
  const { data, error, reload } = useApi<{ users: User[] }>('/api/v1/users');
  const [actionError, setActionError] = useState<string>();
  const [created, setCreated] = useState<string>();
  const create = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const password = form.get('password') as string;
    setActionError(undefined);
    setCreated(undefined);
    try {
      const answer = await api<{ user: User; password?: string }>('/api/v1/users', {
        body: { username: form.get('username'), role: form.get('role'), ...(password ? { password } : {}) },
      });
      setCreated(answer.password ? `Created ${answer.user.username}. Password (shown once): ${answer.password}` : `Created ${answer.user.username}.`);
      formElement.reset();
      reload();
    } catch (failure) {
      setActionError(describe(failure));
    }
  };
  const change = async (user: User, body: Record<string, unknown>, done: string) => {
    setActionError(undefined);
    setCreated(undefined);
    try {
      const answer = await api<{ password?: string }>(`/api/v1/users/${user.id}`, { method: 'PATCH', body });
      setCreated(answer.password ? `${done} New password for ${user.username} (shown once): ${answer.password}` : done);
      reload();
    } catch (failure) {
      setActionError(describe(failure));
    }
  };
  const remove = async (user: User) => {
    if (!confirm(`Delete ${user.username}? Their sessions end at once.`)) return;
    try {
      await api(`/api/v1/users/${user.id}`, { method: 'DELETE' });
      reload();
    } catch (failure) {
      setActionError(describe(failure));
    }
  };
  return (
    <main id="main">
      <h1>Users</h1>
      <ErrorMessage error={error ?? actionError} />
      {created && <p class="ok" role="status">{created}</p>}
      {!data && !error && <Loading what="users" />}
      {data && (
        <table class="grid">
          <thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last sign-in</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>{data.users.map((u) => (
            <tr key={u.id}><td>{u.username}{u.disabled ? ' (disabled)' : ''}</td>
              <td>
                <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => change(u, { role: (e.currentTarget as HTMLSelectElement).value }, `${u.username}'s role changed.`)}>
                  <option value="viewer">viewer</option><option value="analyst">analyst</option><option value="admin">admin</option>
                </select>
              </td>
              <td><Time at={u.createdAt} /></td><td><Time at={u.lastLoginAt} /></td>
              <td class="row-actions">
                <button type="button" onClick={() => change(u, { password: 'generate' }, 'Password reset; their sessions ended.')} aria-label={`Reset the password of ${u.username}`}>Reset password</button>
                <button type="button" onClick={() => change(u, { disabled: !u.disabled }, u.disabled ? `${u.username} enabled.` : `${u.username} disabled; their sessions ended.`)}
                  aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}>{u.disabled ? 'Enable' : 'Disable'}</button>
                <button type="button" onClick={() => remove(u)} aria-label={`Delete ${u.username}`}>Delete</button>
              </td></tr>
          ))}</tbody>
        </table>
      )}
      <Section title="Add a user">
        <form class="stack" onSubmit={create}>
          <label>Username <input name="username" required autocomplete="off" /></label>
          <label>Role
            <select name="role"><option value="viewer">viewer</option><option value="analyst">analyst</option><option value="admin">admin</option></select>
          </label>
          <label>Password (at least 12 characters; empty: generate one) <input name="password" type="password" autocomplete="new-password" minLength={12} /></label>
          <button type="submit">Add user</button>
        </form>
      </Section>
    </main>
  );
}
