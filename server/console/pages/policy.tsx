// The policy (admins): edit as JSON, check it, see the diff against the stored policy, then save
// with If-Match so a concurrent change is refused instead of overwritten.
import { useEffect, useState } from 'preact/hooks';
import { apiWithHeaders } from '../api.js';
import { lineDiff, type DiffLine } from '../diff.js';
import { ErrorMessage, describe } from '../ui.js';

export function PolicyPage() {
  const [stored, setStored] = useState<{ text: string; etag: string }>();
  const [draft, setDraft] = useState('');
  const [diff, setDiff] = useState<DiffLine[]>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const load = () => apiWithHeaders<unknown>('/api/v1/admin/policy').then(({ body, headers }) => {
    const text = JSON.stringify(body, null, 2);
    setStored({ text, etag: headers.get('etag') ?? '' });
    setDraft(text);
    setDiff(undefined);
  }, (e: unknown) => setError(describe(e)));
  useEffect(() => {
    void load();
  }, []);

  const review = () => {
    setError(undefined);
    setMessage(undefined);
    try {
      const normalised = JSON.stringify(JSON.parse(draft), null, 2);
      setDiff(lineDiff(stored!.text, normalised));
    } catch (e) {
      setDiff(undefined);
      setError(`Not valid JSON: ${(e as Error).message}`);
    }
  };
  const save = async () => {
    try {
      await apiWithHeaders('/api/v1/admin/policy', { method: 'PUT', body: JSON.parse(draft), headers: { 'if-match': stored!.etag } });
      await load();
      setMessage('Saved. Agents pick the new policy up at their next fetch.');
    } catch (e) {
      setError(describe(e));
    }
  };
  const changed = diff?.some((l) => l.kind !== 'same');
  return (
    <main id="main">
      <h1>Policy</h1>
      <ErrorMessage error={error} />
      {message && <p class="ok" role="status">{message}</p>}
      {stored && (
        <>
          <label for="policy-json">Policy (JSON; the collector validates it on save)</label>
          <textarea id="policy-json" class="code" rows={24} value={draft} onInput={(e) => {
            setDraft((e.currentTarget as HTMLTextAreaElement).value);
            setDiff(undefined);
          }} />
          <p class="actions">
            <button type="button" onClick={review}>Review changes</button>
            <button type="button" onClick={save} disabled={!changed}>Save policy</button>
            <button type="button" onClick={() => void load()}>Discard</button>
          </p>
          {diff && (changed ? (
            <pre class="diff" aria-label="Changes against the stored policy">
              {diff.filter((l, i) => l.kind !== 'same' || diff.slice(Math.max(0, i - 2), i + 3).some((n) => n.kind !== 'same')).map((l, i) => (
                <div key={i} class={l.kind}>{l.kind === 'added' ? '+ ' : l.kind === 'removed' ? '- ' : '  '}{l.text}</div>
              ))}
            </pre>
          ) : <p>No changes.</p>)}
        </>
      )}
    </main>
  );
}
