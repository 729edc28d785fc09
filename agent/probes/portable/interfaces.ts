// Interfaces on macOS and Windows: kind and description from systeminformation, every address
// from os.networkInterfaces() (systeminformation reports only the first of each family).
import { networkInterfaces } from 'node:os';
import si from 'systeminformation';
import type { InterfaceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { clip, clipOptional, normaliseMac } from '../util/text.js';

type Kind = InterfaceFact['kind'];

const TUNNEL_NAME = /^(utun|ipsec|ppp|tun|tap|wg)/i;
const TUNNEL_DESCRIPTION = /TAP-Windows|Wintun|WireGuard|OpenVPN|VPN|Tunnel/i;

export interface PortableInterface {
  name: string;
  description: string;
  internal: boolean;
  virtual: boolean;
  type: string;
}

export function portableKind(entry: PortableInterface): Kind {
  if (entry.internal) return 'loopback';
  if (TUNNEL_NAME.test(entry.name) || TUNNEL_DESCRIPTION.test(entry.description)) return 'tunnel';
  if (entry.type === 'wireless') return 'wifi';
  if (entry.virtual) return 'virtual';
  if (entry.type === 'wired') return 'ethernet';
  return 'other';
}

export async function probePortableInterfaces(context: ProbeContext): Promise<InterfaceFact[]> {
  const details = await si.networkInterfaces();
  context.signal.throwIfAborted();
  const addresses = networkInterfaces();
  const list = Array.isArray(details) ? details : [details];
  return list.slice(0, 512).map((entry) => {
    const own = addresses[entry.iface] ?? [];
    return {
      name: clip(entry.iface, 255),
      kind: portableKind({ name: entry.iface, description: entry.ifaceName, internal: entry.internal, virtual: entry.virtual, type: entry.type }),
      // Loopback reports operstate 'unknown' on some systems while it works.
      up: entry.operstate === 'up' || (entry.internal && entry.operstate !== 'down'),
      mac: normaliseMac(entry.mac),
      ipv4: own.filter((a) => a.family === 'IPv4').map((a) => a.address).slice(0, 64),
      ipv6: own.filter((a) => a.family === 'IPv6').map((a) => a.address).slice(0, 64),
      // On Windows ifaceName is the adapter description (`TAP-Windows Adapter V9`).
      driver: process.platform === 'win32' ? clipOptional(entry.ifaceName, 255) : undefined,
    };
  });
}
