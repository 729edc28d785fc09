// One stored report's facts as the correlation engine's Observation, plus what the collector keeps
// about the device to explain a cluster (hostname, employee, egress, remote-control tools). Pure.
import { deviceEvidenceFromFindings, isIpKvm, isRemoteControl, type Observation } from '../correlation/index.js';
import type { Cidr } from '../net/ip.js';
import { isOfficeNetwork, type OfficeNetworkDefinition } from '../offices/is-office-network.js';
import type { CorrelationFacts } from '../store/correlation-store.js';
import { isPublicEgress } from './public-egress.js';

/** What a cluster view shows about one of its devices. */
export interface DeviceInfo {
  agentId: string;
  hostname: string;
  employeeId: string | null;
  employeeName: string | null;
  /** Public egress of the latest report (lab networks included when configured); null when none counts. */
  egressIp: string | null;
  gatewayMacHash: string | null;
  wifiBssidHash: string | null;
  /** Subjects (tool names) of unsanctioned remote-control findings. */
  remoteControl: string[];
  /** Subjects (device names) of IP-KVM findings. */
  ipKvm: string[];
  /** On a declared office network at its latest report. */
  office: boolean;
  lastReportAt: string;
}

export interface ObservationContext {
  offices: readonly OfficeNetworkDefinition[];
  labNetworks: readonly Cidr[];
}

const distinct = (values: string[]) => [...new Set(values)].sort();

export function observationOf(facts: CorrelationFacts, { offices, labNetworks }: ObservationContext): { observation: Observation; device: DeviceInfo } {
  const egressIp = facts.egress && isPublicEgress(facts.egress.ip, labNetworks) ? facts.egress.ip : null;
  const { gatewayMacHash, wifiBssidHash } = facts.network;
  const office = isOfficeNetwork({ egressIp: facts.egress?.ip ?? null, gatewayMacHash: gatewayMacHash ?? null }, offices);
  // Mirrors location.hosting_egress: a hosting/VPN egress that is not a declared office.
  const hostingAsn = facts.egress?.hosting != null && !office;
  const observation: Observation = {
    deviceId: facts.agentId,
    employeeId: facts.employee?.id ?? null,
    observedAt: Date.parse(facts.receivedAt),
    egressIp: egressIp ?? undefined,
    ipv6Prefixes: facts.network.ipv6Prefixes,
    gatewayMacHash,
    wifiBssidHash,
    neighbourMacHashes: facts.network.neighbourMacHashes,
    lanPeers: facts.lanPeers,
    officeNetwork: office,
    deviceEvidence: deviceEvidenceFromFindings(facts.findings, hostingAsn),
  };
  const device: DeviceInfo = {
    agentId: facts.agentId,
    hostname: facts.hostname,
    employeeId: facts.employee?.id ?? null,
    employeeName: facts.employee?.name ?? null,
    egressIp,
    gatewayMacHash: gatewayMacHash ?? null,
    wifiBssidHash: wifiBssidHash ?? null,
    remoteControl: distinct(facts.findings.filter(isRemoteControl).map((f) => f.subject)),
    ipKvm: distinct(facts.findings.filter(isIpKvm).map((f) => f.subject)),
    office,
    lastReportAt: facts.receivedAt,
  };
  return { observation, device };
}
