// The network probes every platform registers: RTT to anchors and the collector, LAN beacon.
import type { ProbeSet } from '../probe-set.js';
import { lanPeersProbe } from './beacon.js';
import type { NetworkOptions } from './options.js';
import { rttProbe } from './rtt.js';

export function networkProbes(network: NetworkOptions = {}): Pick<ProbeSet, 'rtt' | 'lanPeers'> {
  return { rtt: rttProbe(network), lanPeers: lanPeersProbe(network) };
}

export type { BeaconOptions, NetworkOptions, RttTarget } from './options.js';
