// LAN beacon: agents of one organisation announce a signed nonce on every local IPv4 network and
// record which other agents they hear: laptops of different employees that hear each other share
// a LAN. Each scan binds UDP 0.0.0.0:<port> (SO_REUSEADDR, so several agents and tests coexist),
// sends one beacon per up interface and listens for listenMs. Hearing a new agent's first beacon
// makes it announce once more (flagged as a reply, which is not answered), so an agent whose
// listening window opened later still hears it.
//
// Primary mechanism: the subnet-directed broadcast of each interface (every host on the segment
// receives it, no group membership or IGMP snooping involved). Secondary: the administratively
// scoped multicast group 239.255.47.47 with TTL 1, joined on each interface, for networks that
// filter broadcast but bridge multicast (Wi-Fi to wired). The limited broadcast 255.255.255.255
// is not used: Linux sends it out of the default-route interface only, which the directed
// broadcasts already cover. Nothing leaves the local segment (TTL 1, broadcasts are not routed).
import type { LanPeerFact } from '../../../shared/schema/facts.js';
import type { Probe, ProbeContext } from '../run-probe.js';
import { beaconKey, decodeBeacon, encodeBeacon, newBeacon } from './beacon-codec.js';
import { BeaconGate } from './beacon-replay.js';
import { announce, arrivalInterface, localIpv4Interfaces, openBeaconSocket } from './beacon-socket.js';
import type { BeaconOptions, NetworkOptions } from './options.js';

const MAX_PEERS = 1_024;
const MAX_REANNOUNCEMENTS = 8;

export interface ListenOptions extends BeaconOptions {
  signal: AbortSignal;
  warn?: (message: string) => void;
}

/** One gate per agent for the life of the process: nonces stay remembered across scans. */
const gates = new Map<string, BeaconGate>();

function gateFor(agentId: string): BeaconGate {
  let gate = gates.get(agentId);
  if (!gate) gates.set(agentId, (gate = new BeaconGate(agentId)));
  return gate;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Announces this agent once, listens for `listenMs`, and returns the agents heard (first time each). */
export async function exchangeBeacons(options: ListenOptions): Promise<LanPeerFact[]> {
  const warn = options.warn ?? (() => undefined);
  const key = beaconKey(options.orgKey);
  const gate = gateFor(options.agentId.toLowerCase());
  const interfaces = localIpv4Interfaces(options.interfaces);
  if (interfaces.length === 0) {
    warn('beacon: no IPv4 network to announce on');
    return [];
  }
  const peers = new Map<string, LanPeerFact>();
  const socket = await openBeaconSocket(options.port, interfaces, warn);
  try {
    // Sends are serialised: each multicast send first selects its interface on the shared socket.
    let sending = Promise.resolve();
    let reannouncements = 0;
    const announceAs = (reply: boolean): Promise<void> =>
      (sending = sending.then(() => announce(socket, encodeBeacon(newBeacon(options.agentId, reply), key), options.port, interfaces, warn)));
    socket.on('message', (datagram, sender) => {
      const beacon = decodeBeacon(datagram, key);
      if (!beacon || peers.has(beacon.agentId) || peers.size >= MAX_PEERS || gate.judge(beacon) !== 'accepted') return;
      peers.set(beacon.agentId, { agentId: beacon.agentId, heardAt: new Date().toISOString(), interface: arrivalInterface(sender.address, interfaces) });
      // A newcomer whose window opened after our announcement: announce again (a reply, which is
      // never answered in turn) so it hears us too.
      if (!beacon.reply && reannouncements < MAX_REANNOUNCEMENTS) {
        reannouncements += 1;
        void announceAs(true);
      }
    });
    await announceAs(false);
    await wait(options.listenMs, options.signal);
    await sending;
  } finally {
    socket.close();
  }
  return [...peers.values()];
}

/** The `lanPeers` probe; without beacon settings (not enrolled, beacon disabled) it does nothing. */
export function lanPeersProbe(network: NetworkOptions = {}): Probe<LanPeerFact[]> {
  return async (context: ProbeContext) => {
    const beacon = network.beacon;
    if (!beacon || beacon.listenMs <= 0) return [];
    return exchangeBeacons({ ...beacon, signal: context.signal, warn: context.warn });
  };
}
