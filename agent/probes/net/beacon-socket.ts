// UDP plumbing shared by the scan's beacon exchange and the service's responder: the local IPv4
// networks, one socket bound to 0.0.0.0:<port> with SO_REUSEADDR (several agents and tests
// coexist) that has joined the multicast group on each, and announcing on all of them.
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { describeError } from '../util/text.js';

export const BEACON_MULTICAST_GROUP = '239.255.47.47';

export interface LocalIpv4 {
  name: string;
  address: string;
  netmask: string;
}

const toNumber = (ip: string): number => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toIp = (n: number): string => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

export function broadcastAddress(address: string, netmask: string): string {
  const mask = toNumber(netmask);
  return toIp((toNumber(address) & mask | ~mask) >>> 0);
}

function sameSubnet(a: string, b: string, netmask: string): boolean {
  const mask = toNumber(netmask);
  return ((toNumber(a) & mask) >>> 0) === ((toNumber(b) & mask) >>> 0);
}

const globRegex = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/**
 * Up, non-loopback IPv4 interfaces on a network with room for a broadcast (not /31 or /32),
 * limited to the names the policy allows when it lists any.
 */
export function localIpv4Interfaces(allowed: readonly string[] = []): LocalIpv4[] {
  const patterns = allowed.map(globRegex);
  const result: LocalIpv4[] = [];
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (patterns.length > 0 && !patterns.some((p) => p.test(name))) continue;
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      if (a.netmask === '255.255.255.255' || a.netmask === '255.255.255.254') continue;
      result.push({ name, address: a.address, netmask: a.netmask });
    }
  }
  return result;
}

/** The interface a datagram from `sender` arrived on: the one whose subnet holds the sender. */
export function arrivalInterface(sender: string, interfaces: readonly LocalIpv4[]): string {
  return (
    interfaces.find((i) => i.address === sender)?.name ??
    interfaces.find((i) => sameSubnet(i.address, sender, i.netmask))?.name ??
    'unknown'
  );
}

export function send(socket: Socket, datagram: Buffer, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => socket.send(datagram, port, address, (error) => (error ? reject(error) : resolve())));
}

function bind(socket: Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, address: '0.0.0.0', exclusive: false }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export async function announce(socket: Socket, datagram: Buffer, port: number, interfaces: readonly LocalIpv4[], warn: (m: string) => void): Promise<void> {
  for (const iface of interfaces) {
    const broadcast = broadcastAddress(iface.address, iface.netmask);
    await send(socket, datagram, port, broadcast).catch((error: unknown) => warn(`beacon: broadcast to ${broadcast} on ${iface.name} failed: ${describeError(error)}`));
    try {
      socket.setMulticastInterface(iface.address);
      await send(socket, datagram, port, BEACON_MULTICAST_GROUP);
    } catch (error) {
      warn(`beacon: multicast on ${iface.name} failed: ${describeError(error)}`);
    }
  }
}

/** A socket on 0.0.0.0:port that hears broadcasts and the beacon group on every interface. */
export async function openBeaconSocket(port: number, interfaces: readonly LocalIpv4[], warn: (m: string) => void): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  try {
    await bind(socket, port);
  } catch (error) {
    socket.close();
    throw error;
  }
  socket.setBroadcast(true);
  socket.setMulticastTTL(1);
  socket.setMulticastLoopback(true);
  for (const iface of interfaces) {
    try {
      socket.addMembership(BEACON_MULTICAST_GROUP, iface.address);
    } catch (error) {
      warn(`beacon: cannot join ${BEACON_MULTICAST_GROUP} on ${iface.name}: ${describeError(error)}`);
    }
  }
  socket.on('error', (error) => warn(`beacon: ${describeError(error)}`));
  return socket;
}
