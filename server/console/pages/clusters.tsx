// Co-location clusters, highest score first as the collector's engine holds them; suspected farms only by default.
import { useState } from 'preact/hooks';
import { Link } from '../router.js';
import type { Page } from '../types.js';
import { ErrorMessage, Loading, Pager, Time, useApi } from '../ui.js';

interface ClusterSummary {
  id: string; score: number; farmSuspected: boolean; summary: string; employees: string[];
  devices: { agentId: string; hostname: string | null }[]; remoteControlDevices: number; ipKvmDevices: number; lastSeen: string;
}

const PAGE_SIZE = 50;

export function ClustersPage() {
  const [all, setAll] = useState(false);
  const [offset, setOffset] = useState(0);
  const { data, error } = useApi<Page & { clusters: ClusterSummary[] }>(`/api/v1/clusters?limit=${PAGE_SIZE}&offset=${offset}${all ? '' : '&suspected=true'}`);
  return (
    <main id="main">
      <h1>Clusters</h1>
      <p class="hint">Devices of different employees tied by network evidence (shared router, Wi-Fi, LAN beacons, egress).</p>
      <label><input type="checkbox" checked={all} onChange={(e) => { setAll((e.currentTarget as HTMLInputElement).checked); setOffset(0); }} /> Show clusters below the farm threshold too</label>
      <ErrorMessage error={error} />
      {!data && !error && <Loading what="clusters" />}
      {data && (
        <>
          <table class="grid">
            <caption>{data.total} cluster{data.total === 1 ? '' : 's'}</caption>
            <thead><tr><th scope="col">Score</th><th scope="col">Summary</th><th scope="col">Devices</th><th scope="col">Employees</th><th scope="col">Remote control / IP-KVM</th><th scope="col">Last evidence</th></tr></thead>
            <tbody>{data.clusters.map((c) => (
              <tr key={c.id}>
                <td>{Math.round(c.score)}{c.farmSuspected ? ' (farm)' : ''}</td>
                <td><Link href={`/clusters/${encodeURIComponent(c.id)}`}>{c.summary}</Link></td>
                <td>{c.devices.length}</td><td>{c.employees.length}</td><td>{c.remoteControlDevices} / {c.ipKvmDevices}</td>
                <td><Time at={c.lastSeen} /></td>
              </tr>
            ))}</tbody>
          </table>
          <Pager total={data.total} limit={PAGE_SIZE} offset={offset} onOffset={setOffset} />
        </>
      )}
    </main>
  );
}
