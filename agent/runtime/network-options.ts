// What the network probes get from the policy and the credential: RTT targets (the policy's
// anchors, plus the collector itself when enrolled) and the LAN beacon settings.
//
// Without enrolment there is no collector to time and no beacon: the beacon is signed with the
// organisation key, and a local identity's random key is known to no other agent, so announcing
// would only add traffic nobody can verify. Anchors from a cached policy are still timed.
import type { Policy } from '../../shared/index.js';
import type { NetworkOptions, RttTarget } from '../probes/index.js';
import type { Credential } from './credential.js';

const DEFAULT_PORTS: Record<string, number> = { 'https:': 443, 'http:': 80 };

/** The collector's host and TCP port, from the credential's serverUrl. */
export function collectorTarget(serverUrl: string): RttTarget {
  const url = new URL(serverUrl);
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  if (!port) throw new Error(`cannot tell the collector's port from ${serverUrl}`);
  return { target: 'collector', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

export function networkOptions(policy: Policy, credential: Pick<Credential, 'serverUrl' | 'agentId' | 'orgKey'> | undefined): NetworkOptions {
  const anchors: RttTarget[] = policy.rtt.anchors.map((a) => ({ target: a.id, host: a.host, port: a.port }));
  const { beacon } = policy;
  return {
    rttTargets: credential ? [collectorTarget(credential.serverUrl), ...anchors] : anchors,
    rttSamples: policy.rtt.samples,
    rttTimeoutMs: policy.rtt.timeoutMs,
    beacon:
      credential && beacon.enabled && beacon.listenMs > 0
        ? { agentId: credential.agentId, orgKey: credential.orgKey, port: beacon.port, listenMs: beacon.listenMs, interfaces: beacon.interfaces }
        : undefined,
  };
}
