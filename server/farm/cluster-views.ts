// The clusters API's answers, built from the engine's views and the devices this process knows.
// Times become ISO-8601; members carry hostname and employee.
import type { ClusterView, EdgeView } from '../correlation/index.js';
import type { DeviceInfo } from './observation-of.js';

const iso = (ms: number) => new Date(ms).toISOString();

export interface ClusterMember {
  agentId: string;
  hostname: string | null;
  employeeId: string | null;
  employeeName: string | null;
}

const member = (agentId: string, device: DeviceInfo | undefined): ClusterMember => ({
  agentId, hostname: device?.hostname ?? null, employeeId: device?.employeeId ?? null, employeeName: device?.employeeName ?? null,
});

/** The newest evidence on any edge: when the devices were last seen together. */
const lastSeenOf = (edges: readonly EdgeView[]) => Math.max(0, ...edges.flatMap((e) => e.evidence.map((v) => v.lastSeen)));

export function clusterSummary(cluster: ClusterView, deviceOf: (id: string) => DeviceInfo | undefined) {
  return {
    id: cluster.id,
    score: cluster.score.score,
    farmSuspected: cluster.score.farmSuspected,
    summary: cluster.score.summary,
    devices: cluster.members.map((id) => member(id, deviceOf(id))),
    employees: cluster.employees,
    unknownEmployeeDevices: cluster.unknownEmployeeDevices,
    evidenceKinds: cluster.evidenceKinds,
    remoteControlDevices: cluster.remoteControlDevices,
    ipKvmDevices: cluster.ipKvmDevices,
    lastSeen: iso(lastSeenOf(cluster.edges)),
  };
}

export function clusterDetail(cluster: ClusterView, deviceOf: (id: string) => DeviceInfo | undefined) {
  return {
    ...clusterSummary(cluster, deviceOf),
    reasons: cluster.score.reasons,
    breakdown: cluster.score.breakdown,
    members: cluster.members.map((id) => {
      const d = deviceOf(id);
      return {
        ...member(id, d), egressIp: d?.egressIp ?? null, gatewayMacHash: d?.gatewayMacHash ?? null, wifiBssidHash: d?.wifiBssidHash ?? null,
        remoteControl: d?.remoteControl ?? [], ipKvm: d?.ipKvm ?? [], lastReportAt: d?.lastReportAt || null,
      };
    }),
    edges: cluster.edges.map((e) => ({
      a: e.a, b: e.b, strength: e.strength, employeesKnown: e.employeesKnown,
      evidence: e.evidence.map((v) => ({
        kind: v.kind, firstSeen: iso(v.firstSeen), lastSeen: iso(v.lastSeen), expiresAt: iso(v.expiresAt),
        ...(v.jaccard === undefined ? {} : { jaccard: v.jaccard }),
        ...(v.hosting === undefined ? {} : { hosting: v.hosting }),
        ...(v.heardBy === undefined ? {} : { heardBy: v.heardBy }),
      })),
    })),
  };
}
