// The LAN beacon datagram: a fixed 77-byte record signed with a key derived from the
// organisation key, so only agents of the same organisation can make or verify one.
//
//   0  "FWB"          magic
//   3  version (1)
//   4  flags          bit 0: a reply to another agent's beacon (never answered in turn)
//   5  agentId        16 bytes (the UUID)
//  21  nonce          16 random bytes
//  37  ts             uint64 big-endian, ms since the epoch (sender's clock)
//  45  HMAC-SHA256    over bytes 0..44
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAGIC = Buffer.from('FWB', 'ascii');
const VERSION = 1;
const FLAG_REPLY = 0x01;
const SIGNED_LENGTH = 45;
export const BEACON_LENGTH = SIGNED_LENGTH + 32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ORG_KEY = /^[0-9a-f]{64}$/;

export interface Beacon {
  agentId: string;
  /** 32 hex digits. */
  nonce: string;
  /** Sender's clock, ms since the epoch. */
  ts: number;
  reply: boolean;
}

/** A key used only for beacons, so a beacon's MAC says nothing about the MAC-address hashes. */
export function beaconKey(orgKeyHex: string): Buffer {
  if (!ORG_KEY.test(orgKeyHex)) throw new Error('the organisation key must be 64 lowercase hex digits');
  return createHmac('sha256', Buffer.from(orgKeyHex, 'hex')).update('farmwatch lan beacon v1').digest();
}

export function newBeacon(agentId: string, reply: boolean, now: number = Date.now()): Beacon {
  return { agentId, nonce: randomBytes(16).toString('hex'), ts: now, reply };
}

export function encodeBeacon(beacon: Beacon, key: Buffer): Buffer {
  const agentId = beacon.agentId.toLowerCase();
  if (!UUID.test(agentId)) throw new Error(`beacon agentId is not a UUID: ${JSON.stringify(beacon.agentId)}`);
  if (!/^[0-9a-f]{32}$/.test(beacon.nonce)) throw new Error('beacon nonce must be 16 bytes of hex');
  const datagram = Buffer.alloc(BEACON_LENGTH);
  MAGIC.copy(datagram, 0);
  datagram[3] = VERSION;
  datagram[4] = beacon.reply ? FLAG_REPLY : 0;
  Buffer.from(agentId.replace(/-/g, ''), 'hex').copy(datagram, 5);
  Buffer.from(beacon.nonce, 'hex').copy(datagram, 21);
  datagram.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(beacon.ts))), 37);
  createHmac('sha256', key).update(datagram.subarray(0, SIGNED_LENGTH)).digest().copy(datagram, SIGNED_LENGTH);
  return datagram;
}

function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The beacon, or undefined for anything that is not a beacon signed with this key. */
export function decodeBeacon(datagram: Buffer, key: Buffer): Beacon | undefined {
  if (datagram.length !== BEACON_LENGTH || !datagram.subarray(0, 3).equals(MAGIC) || datagram[3] !== VERSION) return undefined;
  const expected = createHmac('sha256', key).update(datagram.subarray(0, SIGNED_LENGTH)).digest();
  if (!timingSafeEqual(expected, datagram.subarray(SIGNED_LENGTH))) return undefined;
  return {
    agentId: uuidFromBytes(datagram.subarray(5, 21)),
    nonce: datagram.subarray(21, 37).toString('hex'),
    ts: Number(datagram.readBigUInt64BE(37)),
    reply: ((datagram[4] ?? 0) & FLAG_REPLY) !== 0,
  };
}
