// A suspected farm cluster as one `farm_suspected` alert: its devices, their employees, the
// identifiers they share (keyed hashes only), their egress addresses and their own remote-control
// or IP-KVM evidence. Pure.
import { signal as catalogueSignal, type EvidenceValue } from '../../shared/index.js';
import type { AlertInput } from '../alerts/raise.js';
import type { SuppressionContext } from '../alerts/suppression.js';
import type { ClusterView } from '../correlation/index.js';
import type { AlertEvidence } from '../store/store.js';
import type { DeviceInfo } from './observation-of.js';

export const farmDedupKey = (clusterId: string) => `farm:${clusterId}`;

const MAX_LIST = 64;
const clip = (text: string, max = 512) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const list = (values: readonly string[]) => values.slice(0, MAX_LIST).map((v) => clip(v));

/** Values held by at least two members, most shared first. */
function shared(values: (string | null)[]): { value: string; devices: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= 2).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([value, devices]) => ({ value, devices }));
}

const unknownDevice = (agentId: string): DeviceInfo => ({
  agentId, hostname: agentId, employeeId: null, employeeName: null, egressIp: null, gatewayMacHash: null, wifiBssidHash: null,
  remoteControl: [], ipKvm: [], office: false, lastReportAt: '',
});

/** The signal: hearing each other's signed LAN beacons is the strongest evidence (critical). */
export const farmSignal = (cluster: ClusterView) => (cluster.evidenceKinds.includes('beacon') ? 'co_location.lan_peer' : 'co_location.shared_network');

export function farmAlert(cluster: ClusterView, deviceOf: (agentId: string) => DeviceInfo | undefined, seenAt: string):
  { input: AlertInput; context: Omit<SuppressionContext, 'agentIds'> } {
  const signal = farmSignal(cluster);
  const severity = catalogueSignal(signal).severity;
  const devices = cluster.members.map((id) => deviceOf(id) ?? unknownDevice(id));
  const gateways = shared(devices.map((d) => d.gatewayMacHash));
  const bssids = shared(devices.map((d) => d.wifiBssidHash));
  const egressIps = [...new Set(devices.flatMap((d) => (d.egressIp === null ? [] : [d.egressIp])))].sort();
  const links = cluster.edges.map((e) => `${deviceOf(e.a)?.hostname ?? e.a} - ${deviceOf(e.b)?.hostname ?? e.b}: ${e.evidence.map((v) => v.kind).join(', ')} (strength ${e.strength})`);

  const person = (d: DeviceInfo) => (d.employeeId === null ? 'no known employee' : `${d.employeeId}${d.employeeName ? ` ${d.employeeName}` : ''}`);
  const deviceEvidence: AlertEvidence[] = devices.map((d) => {
    const own = [
      d.remoteControl.length ? `remote-control software: ${d.remoteControl.join(', ')}` : '',
      d.ipKvm.length ? `IP-KVM: ${d.ipKvm.join(', ')}` : '',
    ].filter(Boolean);
    const evidence: Record<string, EvidenceValue> = {
      agentId: d.agentId, hostname: d.hostname, employeeId: d.employeeId, employeeName: d.employeeName, egressIp: d.egressIp,
      gatewayMacHash: d.gatewayMacHash, wifiBssidHash: d.wifiBssidHash, remoteControl: list(d.remoteControl), ipKvm: list(d.ipKvm),
      lastReportAt: d.lastReportAt || null,
    };
    return { subject: clip(d.hostname, 255), severity, summary: clip(`${d.hostname} (${person(d)})${own.length ? `: ${own.join('; ')}` : ''}`, 1024), evidence };
  });
  const clusterEvidence: AlertEvidence = {
    subject: cluster.id,
    severity,
    summary: clip(cluster.score.summary, 1024),
    evidence: {
      clusterId: cluster.id, score: cluster.score.score, devices: cluster.members.length, employees: list(cluster.employees),
      unknownEmployeeDevices: cluster.unknownEmployeeDevices, evidenceKinds: [...cluster.evidenceKinds],
      sharedGatewayMacHashes: list(gateways.map((g) => `${g.value} (${g.devices} devices)`)),
      sharedWifiBssidHashes: list(bssids.map((b) => `${b.value} (${b.devices} devices)`)),
      egressIps: list(egressIps), links: list(links),
      scoreBreakdown: list(cluster.score.breakdown.map((f) => `${f.factor}: ${f.points}/${f.max} (${f.detail})`)),
    },
  };
  const reasons = [
    ...cluster.score.reasons,
    `Devices: ${devices.map((d) => `${d.hostname} (${person(d)})`).join(', ')}`,
    ...(gateways.length ? [`Shared gateway MAC (keyed hash): ${gateways.map((g) => g.value).join(', ')}`] : []),
    ...(egressIps.length ? [`Egress: ${egressIps.join(', ')}`] : []),
    `Co-location score ${cluster.score.score} of 100 (${cluster.score.breakdown.map((f) => `${f.factor} ${f.points}/${f.max}`).join(', ')})`,
  ].map((r) => clip(r, 1024));
  return {
    input: {
      signal, dedupKey: farmDedupKey(cluster.id), agentIds: [...cluster.members], summary: clip(cluster.score.summary, 1024), reasons,
      evidence: [clusterEvidence, ...deviceEvidence], seenAt, score: Math.round(cluster.score.score), type: 'farm_suspected',
    },
    context: {
      employeeIds: cluster.employees,
      ...(egressIps.length ? { egressIp: shared(devices.map((d) => d.egressIp))[0]?.value ?? egressIps[0]! } : {}),
      ...(gateways.length ? { gatewayMacHash: gateways[0]!.value } : {}),
    },
  };
}
