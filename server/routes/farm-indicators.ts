// A correlation cluster's shareable indicators (server/export/stix.ts FarmIndicators): the public
// egress addresses and keyed network hashes of its devices, its score, and when its evidence was seen.
import type { ClusterView } from '../correlation/index.js';
import type { FarmIndicators } from '../export/stix.js';
import type { DeviceInfo } from '../farm/observation-of.js';

const present = <T>(values: (T | null | undefined)[]): T[] => values.filter((v): v is T => v !== null && v !== undefined);

export function farmIndicators(cluster: ClusterView, deviceOf: (agentId: string) => DeviceInfo | undefined): FarmIndicators {
  const devices = present(cluster.members.map(deviceOf));
  const evidence = cluster.edges.flatMap((edge) => edge.evidence);
  const firstSeen = Math.min(...evidence.map((v) => v.firstSeen));
  const lastSeen = Math.max(...evidence.map((v) => v.lastSeen));
  return {
    clusterId: cluster.id,
    summary: cluster.score.summary,
    reasons: cluster.score.reasons,
    score: cluster.score.score,
    firstSeen: new Date(Number.isFinite(firstSeen) ? firstSeen : Date.now()).toISOString(),
    lastSeen: new Date(Number.isFinite(lastSeen) ? lastSeen : Date.now()).toISOString(),
    egressIps: present(devices.map((d) => d.egressIp)),
    gatewayMacHashes: present(devices.map((d) => d.gatewayMacHash)),
    wifiBssidHashes: present(devices.map((d) => d.wifiBssidHash)),
    deviceIds: cluster.members,
  };
}
