// The sign-in form: username and password, answered with a session cookie.
import { useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { ErrorMessage, describe } from '../ui.js';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api<Session>('/api/v1/session', { body: { username: form.get('username'), password: form.get('password') } }));
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in" id="main">
      <h1>FarmWatch</h1>
      <form onSubmit={submit} aria-describedby="sign-in-help">
        <p id="sign-in-help">Sign in with your console account. The first admin password is printed once when the collector first starts.</p>
        <label for="username">Username</label>
        <input id="username" name="username" autocomplete="username" required autofocus />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <ErrorMessage error={error} />
      </form>
    </main>
  );
}
