// A co-location cluster: a cytoscape graph of its devices and the network evidence that ties
// them (click a device to open it), with the same facts as a table for keyboards and screen readers.
import type { Core } from 'cytoscape';
import { useEffect, useRef } from 'preact/hooks';
import { Link, navigate } from '../router.js';
import type { Cluster, ClusterMember } from '../types.js';
import { ErrorMessage, Loading, Section, Time, useApi } from '../ui.js';

const label = (m: ClusterMember) => `${m.hostname ?? m.agentId.slice(0, 8)}\n${m.employeeName ?? m.employeeId ?? 'no known employee'}`;

function Graph({ cluster }: { cluster: Cluster }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let graph: Core | undefined;
    let current = true;
    // cytoscape is most of the console's code: loaded with the first cluster page, not at sign-in.
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (!current || !container.current) return;
      graph = cytoscape({
      container: container.current,
      elements: [
        ...cluster.members.map((m) => ({
          data: { id: m.agentId, label: label(m) },
          classes: [m.ipKvm?.length ? 'kvm' : '', m.remoteControl?.length ? 'remote' : ''].filter(Boolean).join(' '),
        })),
        ...cluster.edges.map((e) => ({
          data: { id: `${e.a}|${e.b}`, source: e.a, target: e.b, label: e.evidence.map((v) => v.kind).join(', '), width: 1 + 5 * e.strength },
        })),
      ],
      style: [
        { selector: 'node', style: { label: 'data(label)', 'text-wrap': 'wrap', 'font-size': 11, 'background-color': '#2f6db5', color: '#1b1b1b', 'text-valign': 'bottom', 'text-margin-y': 4, width: 28, height: 28 } },
        { selector: 'node.remote', style: { 'background-color': '#d9822b' } },
        { selector: 'node.kvm', style: { 'background-color': '#c23030', shape: 'diamond' } },
        { selector: 'edge', style: { width: 'data(width)', label: 'data(label)', 'font-size': 9, color: '#555', 'line-color': '#8a9bb0', 'curve-style': 'bezier', 'text-rotation': 'autorotate' } },
      ],
      layout: { name: cluster.members.length > 12 ? 'cose' : 'circle', animate: false, padding: 40 },
      wheelSensitivity: 0.3,
    });
      graph.on('tap', 'node', (event) => navigate(`/devices/${event.target.id()}`));
      container.current.dataset.nodeCount = String(graph.nodes().length);
      container.current.dataset.edgeCount = String(graph.edges().length);
    });
    return () => {
      current = false;
      graph?.destroy();
    };
  }, [cluster]);
  return (
    <div>
      <div ref={container} class="graph" role="img" aria-label={`Graph of ${cluster.members.length} devices and ${cluster.edges.length} links`} data-testid="cluster-graph" />
      <p class="legend"><span class="dot blue" /> device <span class="dot orange" /> remote-control software <span class="dot red" /> IP-KVM. Thicker lines: stronger evidence.</p>
    </div>
  );
}

export function ClusterPage({ id }: { id: string }) {
  const { data, error } = useApi<{ cluster: Cluster }>(`/api/v1/clusters/${encodeURIComponent(id)}`);
  if (error) return <main id="main"><h1>Cluster</h1><ErrorMessage error={error} /></main>;
  if (!data) return <main id="main"><Loading what="the cluster" /></main>;
  const { cluster } = data;
  const host = (agentId: string) => cluster.members.find((m) => m.agentId === agentId)?.hostname ?? agentId.slice(0, 8);
  return (
    <main id="main">
      <p class="crumbs"><Link href="/clusters">Clusters</Link> › cluster</p>
      <h1>Cluster of {cluster.members.length} devices: score {Math.round(cluster.score)}{cluster.farmSuspected ? ', farm suspected' : ''}</h1>
      <p class="story">{cluster.summary}</p>
      <Graph cluster={cluster} />
      <Section title="Score breakdown">
        <table class="grid">
          <thead><tr><th scope="col">Factor</th><th scope="col">Points</th><th scope="col">Why</th></tr></thead>
          <tbody>{cluster.breakdown.map((b) => <tr key={b.factor}><td>{b.factor.replace('_', ' ')}</td><td>{b.points} / {b.max}</td><td>{b.detail}</td></tr>)}</tbody>
        </table>
      </Section>
      <Section title="Devices">
        <table class="grid">
          <thead><tr><th scope="col">Device</th><th scope="col">Employee</th><th scope="col">Egress</th><th scope="col">Remote control</th><th scope="col">IP-KVM</th><th scope="col">Last report</th></tr></thead>
          <tbody>
            {cluster.members.map((m) => (
              <tr key={m.agentId}>
                <td><Link href={`/devices/${m.agentId}`}>{m.hostname ?? m.agentId}</Link></td>
                <td>{m.employeeId ? `${m.employeeId}${m.employeeName ? ` ${m.employeeName}` : ''}` : '—'}</td>
                <td>{m.egressIp ?? '—'}</td>
                <td>{m.remoteControl?.join(', ') || '—'}</td>
                <td>{m.ipKvm?.join(', ') || '—'}</td>
                <td><Time at={m.lastReportAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Links">
        <ul>{cluster.edges.map((e) => <li key={`${e.a}|${e.b}`}>{host(e.a)} – {host(e.b)}: {e.evidence.map((v) => v.kind.replace('_', ' ')).join(', ')} (strength {e.strength})</li>)}</ul>
      </Section>
    </main>
  );
}
