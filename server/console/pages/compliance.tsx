// Compliance: every device against the policy (scanned within the SLA, no unsanctioned remote
// access, no IP-KVM, no VPN unless allowed), coverage, failing devices with their reasons and the
// inventory's devices never seen. Filtered and paged on the server; the CSV is the same report.
import { query } from '../api.js';
import { Link, navigate, useLocation } from '../router.js';
import type { Compliance } from '../types.js';
import { ErrorMessage, Loading, Pager, Section, Time, useApi } from '../ui.js';

const PAGE_SIZE = 100;
const STATUS_LABELS: Record<string, string> = { fail: 'Failing', unknown: 'Unknown', never_seen: 'Never seen', pass: 'Passing' };

export function CompliancePage() {
  const { search } = useLocation();
  const status = search.get('status') ?? undefined;
  const offset = Number(search.get('offset') ?? 0);
  const { data, error } = useApi<Compliance>(`/api/v1/compliance${query({ status, limit: PAGE_SIZE, offset })}`);
  const s = data?.summary;
  return (
    <main id="main">
      <h1>Compliance</h1>
      <ErrorMessage error={error} />
      {!data && !error && <Loading what="the compliance report" />}
      {data && s && (
        <>
          <div class="columns">
            <Section title="Coverage">
              <dl class="facts" data-testid="compliance-summary">
                <dt>Coverage</dt><dd>{s.coveragePercent === null ? '—' : `${s.coveragePercent.toFixed(1)} %`} ({s.withinSla} of {s.devices} devices scanned within {data.sla.hours} h)</dd>
                <dt>Devices</dt><dd>{s.pass} pass, {s.fail} fail, {s.unknown} unknown, {s.neverSeen} never seen</dd>
                <dt>Report</dt><dd>generated <Time at={data.generatedAt} /></dd>
              </dl>
            </Section>
            <Section title="Failing by rule">
              <table class="grid compact">
                <thead><tr><th scope="col">Rule</th><th scope="col">Devices failing</th></tr></thead>
                <tbody>{data.rules.map((rule) => <tr key={rule.id}><td title={rule.description}><code>{rule.id}</code></td><td>{s.failingByRule[rule.id] ?? 0}</td></tr>)}</tbody>
              </table>
            </Section>
          </div>
          <form class="filters" aria-label="Filter devices by compliance" onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget as HTMLFormElement).get('status') as string;
            navigate(`/compliance${query({ status: value || undefined })}`);
          }}>
            <label>Status <select name="status" defaultValue={status ?? ''}>
              <option value="">All</option>
              {Object.entries(STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select></label>
            <button type="submit">Filter</button>
            <a href={`/api/v1/compliance.csv${query({ status })}`} download>Download CSV</a>
          </form>
          <table class="grid" data-testid="compliance-table">
            <caption>{data.total} devices{status ? ` (${STATUS_LABELS[status] ?? status})` : ''}, failing first</caption>
            <thead><tr><th scope="col">Status</th><th scope="col">Device</th><th scope="col">Employee</th><th scope="col">Last scan</th><th scope="col">Why</th></tr></thead>
            <tbody>{data.devices.map((d, i) => (
              <tr key={d.agentId ?? `never-${i}`}>
                <td>{STATUS_LABELS[d.status] ?? d.status}</td>
                <td>{d.agentId ? <Link href={`/devices/${d.agentId}`}>{d.hostname ?? d.agentId}</Link> : (d.hostname ?? d.serial ?? '—')}</td>
                <td>{d.employeeName ?? d.employeeId ?? '—'}</td>
                <td><Time at={d.lastScanAt} /></td>
                <td>{d.reasons.length ? <ul class="plain">{d.reasons.map((r) => <li key={r}>{r}</li>)}</ul> : '—'}</td>
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} limit={PAGE_SIZE} offset={offset} onOffset={(o) => navigate(`/compliance${query({ status, offset: o })}`)} />
        </>
      )}
    </main>
  );
}
