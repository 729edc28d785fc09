// Alert outputs (webhook, Slack, Teams, syslog, Splunk HEC): their queues, a test send, the
// delivery log; admins add (as JSON, validated by the collector) and delete them.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Page } from '../types.js';
import { ErrorMessage, Loading, Section, Time, describe, useApi } from '../ui.js';

interface Output {
  id: string; type: string; name: string; enabled?: boolean;
  pending: { count: number; oldestEnqueuedAt: string | null; nextAttemptAt: string | null; lastError: string | null };
}
interface Delivery { deliveryId: string; outputId: string; alertId: string; attempt: number; ok: boolean; status: number | null; error: string | null; durationMs: number; at: string }

const EXAMPLE = JSON.stringify({ id: 'soc-webhook', name: 'SOC webhook', type: 'webhook', url: 'https://siem.example.com/farmwatch', secret: 'a shared secret of 32+ characters.....' }, null, 2);

export function OutputsPage() {
  const outputs = useApi<{ outputs: Output[] }>('/api/v1/outputs');
  const deliveries = useApi<Page & { deliveries: Delivery[] }>('/api/v1/outputs/deliveries?limit=50');
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [draft, setDraft] = useState(EXAMPLE);
  const run = async (work: () => Promise<string>) => {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await work());
      outputs.reload();
      deliveries.reload();
    } catch (e) {
      setError(describe(e));
    }
  };
  const test = (o: Output) => run(async () => {
    const r = await api<{ ok: boolean; status: number | null; error: string | null; durationMs: number }>(`/api/v1/outputs/${encodeURIComponent(o.id)}/test`, { body: {} });
    return r.ok ? `Test event delivered to ${o.name} in ${r.durationMs} ms.` : `Test event to ${o.name} failed: ${r.error ?? r.status}`;
  });
  const remove = (o: Output) => run(async () => {
    const r = await api<{ discardedDeliveries: number }>(`/api/v1/outputs/${encodeURIComponent(o.id)}`, { method: 'DELETE' });
    return `Deleted ${o.name}; ${r.discardedDeliveries} queued deliveries discarded.`;
  });
  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      let body: unknown;
      try {
        body = JSON.parse(draft);
      } catch (e) {
        throw new Error(`Not valid JSON: ${(e as Error).message}`);
      }
      await api('/api/v1/outputs', { body });
      return 'Output added.';
    });
  };
  return (
    <main id="main">
      <h1>Outputs</h1>
      <ErrorMessage error={outputs.error ?? error} />
      {message && <p class="ok" role="status">{message}</p>}
      {!outputs.data && !outputs.error && <Loading what="outputs" />}
      {outputs.data && (
        <table class="grid">
          <caption>Alerts are sent to every enabled output whose filter they match; failures are retried with backoff.</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Queued</th><th scope="col">Next attempt</th><th scope="col">Last error</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>{outputs.data.outputs.map((o) => (
            <tr key={o.id}>
              <td>{o.name}{o.enabled === false ? ' (disabled)' : ''}</td><td>{o.type}</td><td>{o.pending.count}</td>
              <td><Time at={o.pending.nextAttemptAt} /></td><td>{o.pending.lastError ?? '—'}</td>
              <td><button type="button" onClick={() => test(o)}>Send test</button> <button type="button" onClick={() => remove(o)} aria-label={`Delete ${o.name}`}>Delete</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <Section title="Add an output">
        <form class="stack" onSubmit={add}>
          <label for="output-json">Output configuration (JSON; types webhook, slack, teams, syslog, splunk_hec: see docs/outputs.md)</label>
          <textarea id="output-json" class="code" rows={8} value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLTextAreaElement).value)} />
          <button type="submit">Add output</button>
        </form>
      </Section>
      <Section title="Delivery log">
        <ErrorMessage error={deliveries.error} />
        {deliveries.data && (deliveries.data.deliveries.length === 0 ? <p>No deliveries yet.</p> : (
          <table class="grid">
            <thead><tr><th scope="col">When</th><th scope="col">Output</th><th scope="col">Alert</th><th scope="col">Attempt</th><th scope="col">Result</th><th scope="col">Time</th></tr></thead>
            <tbody>{deliveries.data.deliveries.map((d) => (
              <tr key={`${d.deliveryId}-${d.attempt}`}><td><Time at={d.at} /></td><td>{d.outputId}</td><td>{d.alertId.slice(0, 8)}</td><td>{d.attempt}</td>
                <td>{d.ok ? `ok${d.status ? ` (${d.status})` : ''}` : `failed: ${d.error ?? d.status}`}</td><td>{d.durationMs} ms</td></tr>
            ))}</tbody>
          </table>
        ))}
      </Section>
    </main>
  );
}
