// One alert: the story first, then the reasons, score breakdown and evidence, then the actions
// (acknowledge, assign, note, resolve, suppress). Refusals (a viewer, a resolved alert) are shown.
import { useState } from 'preact/hooks';
import { api, type SessionUser } from '../api.js';
import { Link } from '../router.js';
import { alertStory } from '../story.js';
import { actorName, type AlertDetail, type EvidenceValue } from '../types.js';
import { ErrorMessage, Loading, Section, SeverityBadge, TYPE_LABELS, Time, describe, useApi } from '../ui.js';

const show = (value: EvidenceValue) => (Array.isArray(value) ? value.join(', ') || '—' : value === null ? '—' : String(value));

export function AlertPage({ id, user }: { id: string; user: SessionUser }) {
  const { data, error, reload } = useApi<AlertDetail>(`/api/v1/alerts/${encodeURIComponent(id)}`);
  const device = useApi<{ device: { hostname: string } }>(data?.alert.agentId ? `/api/v1/devices/${encodeURIComponent(data.alert.agentId)}` : null);
  const [actionError, setActionError] = useState<string>();
  const [message, setMessage] = useState<string>();
  if (error) return <main id="main"><h1>Alert</h1><ErrorMessage error={error} /></main>;
  if (!data) return <main id="main"><Loading what="the alert" /></main>;
  const { alert, notes } = data;
  const clusterId = alert.evidence.map((e) => e.evidence.clusterId).find((v): v is string => typeof v === 'string');
  const breakdown = alert.evidence.flatMap((e) => (Array.isArray(e.evidence.scoreBreakdown) ? e.evidence.scoreBreakdown : []));

  const act = async (path: string, body: unknown, done: string) => {
    setActionError(undefined);
    setMessage(undefined);
    try {
      await api(path, { body });
      setMessage(done);
      reload();
    } catch (failure) {
      setActionError(describe(failure));
    }
  };
  const fromForm = (event: Event) => {
    event.preventDefault();
    return new FormData(event.currentTarget as HTMLFormElement);
  };
  const base = `/api/v1/alerts/${alert.id}`;

  return (
    <main id="main" class="alert-page">
      <p class="crumbs"><Link href="/alerts">Alerts</Link> › {TYPE_LABELS[alert.type] ?? alert.type}</p>
      <h1><SeverityBadge severity={alert.severity} /> {TYPE_LABELS[alert.type] ?? alert.type}: score {alert.score}</h1>
      <p class="story" data-testid="story">{alertStory(alert, device.data?.device.hostname)}</p>
      <dl class="facts">
        <dt>Status</dt><dd data-testid="status">{alert.status}{alert.resolution ? ` (${alert.resolution.replace('_', ' ')})` : ''}</dd>
        <dt>Assignee</dt><dd>{alert.assignee ?? '—'}</dd>
        <dt>First seen</dt><dd><Time at={alert.firstSeen} /></dd>
        <dt>Last seen</dt><dd><Time at={alert.lastSeen} /> ({alert.count} time{alert.count === 1 ? '' : 's'})</dd>
        <dt>Signal</dt><dd><code>{alert.signal}</code></dd>
        <dt>Devices</dt>
        <dd>{alert.agentIds.map((agentId, i) => <>{i > 0 && ', '}<Link href={`/devices/${agentId}`}>{agentId === alert.agentId && device.data ? device.data.device.hostname : hostOf(data, agentId)}</Link></>)}</dd>
        {clusterId && <><dt>Cluster</dt><dd><Link href={`/clusters/${encodeURIComponent(clusterId)}`}>Open the cluster graph</Link></dd></>}
      </dl>

      <Section title="Actions">
        <ErrorMessage error={actionError} />
        {message && <p class="ok" role="status">{message}</p>}
        {user.role === 'viewer' && <p class="hint">You are signed in as a viewer: the collector will refuse changes.</p>}
        <div class="actions">
          <button type="button" disabled={alert.status !== 'open'} onClick={() => act(`${base}/acknowledge`, {}, 'Acknowledged.')}>Acknowledge</button>
          <form onSubmit={(e) => { const f = fromForm(e); void act(`${base}/assign`, { assignee: (f.get('assignee') as string) || null }, 'Assigned.'); }}>
            <label>Assign to <input name="assignee" defaultValue={alert.assignee ?? user.username} size={12} /></label>
            <button type="submit">Assign</button>
          </form>
          <form onSubmit={(e) => {
            const f = fromForm(e);
            const note = (f.get('note') as string).trim();
            void act(`${base}/resolve`, { resolution: f.get('resolution'), ...(note ? { note } : {}) }, 'Resolved.');
          }}>
            <label>Resolve as
              <select name="resolution">
                <option value="true_positive">true positive</option>
                <option value="false_positive">false positive</option>
                <option value="benign">benign</option>
              </select>
            </label>
            <label>Note <input name="note" size={20} /></label>
            <button type="submit" disabled={alert.status === 'resolved'}>Resolve</button>
          </form>
        </div>
        <form class="note" onSubmit={(e) => { const f = fromForm(e); void act(`${base}/notes`, { text: f.get('text') }, 'Note added.'); }}>
          <label for="note-text">Add a note</label>
          <textarea id="note-text" name="text" rows={2} required />
          <button type="submit">Add note</button>
        </form>
        <details>
          <summary>Create a suppression from this alert</summary>
          <form class="suppress" onSubmit={(e) => {
            const f = fromForm(e);
            const days = Number(f.get('days'));
            void act('/api/v1/suppressions', {
              signal: alert.signal,
              ...(f.get('scope') === 'device' && alert.agentId ? { agentId: alert.agentId } : {}),
              reason: f.get('reason'),
              ...(days > 0 ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
            }, 'Suppression created.');
          }}>
            <p>Suppress <code>{alert.signal}</code> {alert.agentId ? '' : 'for every device'}</p>
            {alert.agentId && (
              <label>Scope
                <select name="scope"><option value="device">this device only</option><option value="all">every device</option></select>
              </label>
            )}
            <label>Reason <input name="reason" required size={30} /></label>
            <label>Expires after (days, 0 = never) <input name="days" type="number" min={0} defaultValue="30" size={4} /></label>
            <button type="submit">Create suppression</button>
          </form>
        </details>
      </Section>

      <Section title="Reasons">
        <ul>{alert.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
      </Section>
      <Section title="Score breakdown">
        {breakdown.length ? <ul>{breakdown.map((b) => <li key={b}>{b}</li>)}</ul> : <p>Score {alert.score} of 100, from the {alert.severity} severity of <code>{alert.signal}</code>.</p>}
      </Section>
      <Section title="Evidence">
        {alert.evidence.map((e, i) => (
          <article key={i} class="evidence">
            <h3><SeverityBadge severity={e.severity} /> {e.subject}</h3>
            <p>{e.summary}</p>
            <dl>{Object.entries(e.evidence).map(([k, v]) => <><dt key={`k${k}`}>{k}</dt><dd key={`v${k}`}>{show(v)}</dd></>)}</dl>
          </article>
        ))}
      </Section>
      <Section title="Notes">
        {notes.length === 0 ? <p>No notes yet.</p> : (
          <ul>{notes.map((n) => <li key={n.id}><Time at={n.createdAt} />, {actorName(n.author)}: {n.text}</li>)}</ul>
        )}
      </Section>
    </main>
  );
}

function hostOf({ alert }: AlertDetail, agentId: string): string {
  const host = alert.evidence.find((e) => e.evidence.agentId === agentId)?.evidence.hostname;
  return typeof host === 'string' ? host : agentId.slice(0, 8);
}
