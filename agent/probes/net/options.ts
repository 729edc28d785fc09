// What the network probes need from outside the machine: the targets to time (the policy's
// anchors and the collector) and the organisation's beacon settings. Filled by the runtime from
// the policy and the credential; absent parts mean the probe has nothing to do.
export interface RttTarget {
  /** `collector` or a policy anchor id. */
  target: string;
  host: string;
  port: number;
}

export interface BeaconOptions {
  agentId: string;
  /** 64 hex digits: beacons are signed with a key derived from it. */
  orgKey: string;
  port: number;
  listenMs: number;
  /** Interface names or `*` globs to announce on; absent or empty: every up IPv4 interface. */
  interfaces?: readonly string[];
}

export interface NetworkOptions {
  rttTargets?: RttTarget[];
  rttSamples?: number;
  rttTimeoutMs?: number;
  /** No RTT sample starts after this long; collectFacts sets it below the probe timeout. */
  rttBudgetMs?: number;
  beacon?: BeaconOptions;
}
