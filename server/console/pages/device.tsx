// One device: identity, the employee and claimed location from the inventory, network facts,
// the latest scan's findings and the device's alerts.
import { Link } from '../router.js';
import type { Alert, Page } from '../types.js';
import { useState } from 'preact/hooks';
import { ErrorMessage, Loading, Pager, Section, SeverityBadge, TYPE_LABELS, Time, useApi } from '../ui.js';

const TIMELINE_PAGE = 20;

interface TimelineReport {
  reportId: string; receivedAt: string; scannedAt: string;
  findings: { signal: string; severity: string; subject: string; summary: string }[];
}

/** Every scan the device delivered, newest first, with what it found. */
function Timeline({ agentId }: { agentId: string }) {
  const [offset, setOffset] = useState(0);
  const { data, error } = useApi<Page & { reports: TimelineReport[] }>(
    `/api/v1/devices/${encodeURIComponent(agentId)}/reports?limit=${TIMELINE_PAGE}&offset=${offset}`);
  return (
    <Section title="Timeline of scans">
      <ErrorMessage error={error} />
      {data && (data.total === 0 ? <p>No report yet.</p> : (
        <>
          <ol class="timeline" data-testid="timeline">
            {data.reports.map((r) => (
              <li key={r.reportId}>
                <Time at={r.receivedAt} />: {r.findings.length === 0 ? 'nothing found' : `${r.findings.length} finding(s)`}
                {r.findings.length > 0 && (
                  <ul>{r.findings.map((f, i) => <li key={i}><SeverityBadge severity={f.severity} /> <code>{f.signal}</code> {f.subject}: {f.summary}</li>)}</ul>
                )}
              </li>
            ))}
          </ol>
          <Pager total={data.total} limit={TIMELINE_PAGE} offset={offset} onOffset={setOffset} />
        </>
      ))}
    </Section>
  );
}

interface DeviceAnswer {
  device: {
    agentId: string; hostname: string; platform: string; agentVersion: string; serial: string | null; osRelease: string | null;
    manufacturer: string | null; model: string | null; enrolledAt: string; lastSeenAt: string | null; reportCount: number;
    inventory?: { employeeId: string; employeeName: string; city: string; country: string; workMode: string } | null;
    egress?: { ip?: string; country?: string | null; city?: string | null; asn?: number | null; asOrganisation?: string | null; hosting?: { name?: string } | null; office?: { name: string } | null; seenAt: string } | null;
  };
  latestReport: { reportId: string; receivedAt: string; scannedAt: string; findings: { signal: string; severity: string; subject: string; summary: string }[] } | null;
}

export function DevicePage({ id }: { id: string }) {
  const { data, error } = useApi<DeviceAnswer>(`/api/v1/devices/${encodeURIComponent(id)}`);
  const own = useApi<Page & { alerts: Alert[] }>(`/api/v1/alerts?agentId=${encodeURIComponent(id)}&limit=100`);
  // Farm alerts name several devices and no single agentId: the unresolved ones are few, so filter them here.
  const farms = useApi<Page & { alerts: Alert[] }>('/api/v1/alerts?type=farm_suspected&limit=500');
  const alerts = {
    error: own.error ?? farms.error,
    data: own.data && farms.data
      ? { alerts: [...farms.data.alerts.filter((a) => a.agentIds.includes(id) && a.status !== 'resolved'), ...own.data.alerts] }
      : undefined,
  };
  if (error) return <main id="main"><h1>Device</h1><ErrorMessage error={error} /></main>;
  if (!data) return <main id="main"><Loading what="the device" /></main>;
  const { device, latestReport } = data;
  const employee = device.inventory;
  return (
    <main id="main">
      <p class="crumbs"><Link href="/alerts">Alerts</Link> › device</p>
      <h1>{device.hostname}</h1>
      <div class="columns">
        <Section title="Identity">
          <dl class="facts">
            <dt>Agent id</dt><dd><code>{device.agentId}</code></dd>
            <dt>Platform</dt><dd>{device.platform} {device.osRelease ?? ''}</dd>
            <dt>Hardware</dt><dd>{[device.manufacturer, device.model].filter(Boolean).join(' ') || '—'}</dd>
            <dt>Serial</dt><dd>{device.serial ?? '—'}</dd>
            <dt>Agent</dt><dd>{device.agentVersion}, enrolled <Time at={device.enrolledAt} /></dd>
            <dt>Last report</dt><dd><Time at={device.lastSeenAt} /> ({device.reportCount} reports)</dd>
          </dl>
        </Section>
        <Section title="Employee (inventory)">
          {employee ? (
            <dl class="facts">
              <dt>Employee</dt><dd>{employee.employeeId} {employee.employeeName}</dd>
              <dt>Claimed location</dt><dd>{employee.city}, {employee.country} ({employee.workMode})</dd>
            </dl>
          ) : <p>No inventory record matches this device.</p>}
        </Section>
        <Section title="Network">
          {device.egress ? (
            <dl class="facts">
              <dt>Egress address</dt><dd>{device.egress.ip ?? '—'}</dd>
              <dt>Where</dt><dd>{[device.egress.city, device.egress.country].filter(Boolean).join(', ') || 'unknown'}</dd>
              <dt>Network</dt><dd>{device.egress.asOrganisation ?? "—"}{device.egress.hosting ? " (hosting / VPN provider)" : ""}{device.egress.office ? ` (office ${device.egress.office.name})` : ""}</dd>
              <dt>Seen</dt><dd><Time at={device.egress.seenAt} /></dd>
            </dl>
          ) : <p>No egress seen yet.</p>}
        </Section>
      </div>
      <Section title="Current alerts">
        <ErrorMessage error={alerts.error} />
        {alerts.data && (alerts.data.alerts.length === 0 ? <p>No alerts.</p> : (
          <table class="grid">
            <thead><tr><th scope="col">Severity</th><th scope="col">Type</th><th scope="col">Summary</th><th scope="col">Status</th><th scope="col">Last seen</th></tr></thead>
            <tbody>{alerts.data.alerts.map((a) => (
              <tr key={a.id}><td><SeverityBadge severity={a.severity} /></td><td>{TYPE_LABELS[a.type] ?? a.type}</td>
                <td><Link href={`/alerts/${a.id}`}>{a.summary}</Link></td><td>{a.status}</td><td><Time at={a.lastSeen} /></td></tr>
            ))}</tbody>
          </table>
        ))}
      </Section>
      {latestReport && <p>Latest scan: {latestReport.scannedAt} (agent clock), received <Time at={latestReport.receivedAt} />.</p>}
      <Timeline agentId={device.agentId} />
    </main>
  );
}
