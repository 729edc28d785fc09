// Public types of the correlation engine. Everything is plain data (ids, epoch milliseconds), so
// views and snapshots can be serialised as they are.

/** Kinds of co-location evidence between two devices, strongest first. */
export const EVIDENCE_KINDS = ['beacon', 'bssid', 'gateway', 'neighbours', 'ip'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** What the caller already concluded about the device from its own findings. */
export interface DeviceEvidence {
  /** Remote-control software in use (RMM, remote desktop) that the policy does not sanction. */
  remoteControl: boolean;
  /** An IP-KVM is (or was) attached. */
  ipKvm: boolean;
  /** The egress address belongs to a hosting or VPN provider, not a residential network. */
  hostingAsn: boolean;
}

/** One report's co-location facts, as the collector hands them to the engine. */
export interface Observation {
  deviceId: string;
  /** Employee the device is assigned to; null when the asset inventory does not say. */
  employeeId: string | null;
  /** Epoch milliseconds (the collector's clock). */
  observedAt: number;
  /** Public address the report came from: IPv4 as is, IPv6 is reduced to its /64. */
  egressIp?: string | undefined;
  /** Global IPv6 /64 prefixes of the laptop (report `network.ipv6Prefixes`); count as `ip` evidence. */
  ipv6Prefixes?: readonly string[] | undefined;
  gatewayMacHash?: string | undefined;
  wifiBssidHash?: string | undefined;
  neighbourMacHashes: readonly string[];
  /** Agent ids whose LAN beacon this device heard. */
  lanPeers: readonly string[];
  /** The caller decided this observation is on a declared office network: it creates no edges. */
  officeNetwork: boolean;
  deviceEvidence: DeviceEvidence;
}

export interface EvidenceView {
  kind: EvidenceKind;
  firstSeen: number;
  lastSeen: number;
  expiresAt: number;
  /** Jaccard index of the neighbour sets (neighbours only). */
  jaccard?: number;
  /** The shared egress is a hosting/VPN network (ip only). */
  hosting?: boolean;
  /** Who heard whom (beacon only): device ids that heard the other side. */
  heardBy?: string[];
}

export interface EdgeView {
  /** The two devices, `a < b`. */
  a: string;
  b: string;
  evidence: EvidenceView[];
  /** 0..1, from the evidence kinds (see cluster-score.ts). */
  strength: number;
  /** False when one side has no known employee: the edge counts, but weaker. */
  employeesKnown: boolean;
}

export interface ScoreFactor {
  factor: 'co_location' | 'employees' | 'devices' | 'remote_control';
  /** Points this factor contributes. */
  points: number;
  /** Points it could contribute at most. */
  max: number;
  detail: string;
}

export interface ClusterScore {
  /** 0..100. */
  score: number;
  farmSuspected: boolean;
  /** Plain sentences for an analyst, most important first. */
  reasons: string[];
  /** The reasons as one line. */
  summary: string;
  breakdown: ScoreFactor[];
}

export interface ClusterView {
  id: string;
  /** Sorted device ids. */
  members: string[];
  /** Distinct known employees, sorted. */
  employees: string[];
  /** Members whose employee is not known. */
  unknownEmployeeDevices: number;
  edges: EdgeView[];
  /** Evidence kinds present on any edge, strongest first. */
  evidenceKinds: EvidenceKind[];
  remoteControlDevices: number;
  ipKvmDevices: number;
  score: ClusterScore;
}

/** `merged`: absorbed into the cluster `into`; `emptied`: fewer than two linked devices are left. */
export type DissolveReason = 'merged' | 'emptied';

/** Which clusters one call created, changed or dissolved. A cluster is a component of 2+ devices. */
export interface ChangeSet {
  created: string[];
  changed: string[];
  dissolved: { id: string; reason: DissolveReason; into?: string }[];
}

/** Counters for tests and the benchmark: how much work the engine did, not what it found. */
export interface EngineStats {
  devices: number;
  edges: number;
  clusters: number;
  observations: number;
  staleObservationsIgnored: number;
  /** Nodes visited by component recomputation after edge removals, since construction. */
  componentNodesVisited: number;
  componentRecomputes: number;
  /** Identifiers currently too widely shared to count as evidence (CGNAT, undeclared offices). */
  crowdedIdentifiers: number;
}
