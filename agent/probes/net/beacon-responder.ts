// In service mode the agent keeps its beacon port open between scans and answers the beacons of
// agents that are scanning, so a scan hears every agent running on the LAN, not only those whose
// own scan happens to overlap its few seconds of listening (scans are hours apart, with minutes
// of random splay). Answers are beacons flagged as replies, which are never answered in turn,
// and each peer gets at most one answer per REPLY_INTERVAL_MS.
import { beaconKey, decodeBeacon, encodeBeacon, newBeacon } from './beacon-codec.js';
import { BeaconGate } from './beacon-replay.js';
import { announce, localIpv4Interfaces, openBeaconSocket } from './beacon-socket.js';
import type { BeaconOptions } from './options.js';

export const REPLY_INTERVAL_MS = 10_000;
const MAX_TRACKED_PEERS = 4_096;

export interface BeaconResponder {
  readonly agentId: string;
  readonly port: number;
  /** Beacons answered since start. */
  readonly answered: number;
  close(): Promise<void>;
}

export async function startBeaconResponder(options: Pick<BeaconOptions, 'agentId' | 'orgKey' | 'port' | 'interfaces'> & { warn?: (message: string) => void }): Promise<BeaconResponder> {
  const warn = options.warn ?? (() => undefined);
  const key = beaconKey(options.orgKey);
  // Its own gate: nonces the responder saw must still count as new for this agent's next scan.
  const gate = new BeaconGate(options.agentId);
  const socket = await openBeaconSocket(options.port, localIpv4Interfaces(options.interfaces), warn);
  const lastAnswer = new Map<string, number>();
  let sending = Promise.resolve();
  let answered = 0;

  socket.on('message', (datagram) => {
    const beacon = decodeBeacon(datagram, key);
    if (!beacon || beacon.reply || gate.judge(beacon) !== 'accepted') return;
    const now = Date.now();
    if (now - (lastAnswer.get(beacon.agentId) ?? Number.NEGATIVE_INFINITY) < REPLY_INTERVAL_MS) return;
    if (lastAnswer.size >= MAX_TRACKED_PEERS) lastAnswer.clear();
    lastAnswer.set(beacon.agentId, now);
    answered += 1;
    // Interfaces are read again for each answer: a laptop changes networks while the service runs.
    sending = sending.then(() => announce(socket, encodeBeacon(newBeacon(options.agentId, true), key), options.port, localIpv4Interfaces(options.interfaces), warn));
  });

  return {
    agentId: options.agentId,
    port: options.port,
    get answered() {
      return answered;
    },
    async close() {
      await sending;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
