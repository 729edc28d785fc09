// Routing table from <root>/proc/net/route (IPv4, main table) and <root>/proc/net/ipv6_route.
import type { RouteFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { ipv4FromLittleEndianHex, ipv6FromHex, prefixFromLittleEndianMask } from '../util/ip.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip } from '../util/text.js';

const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200;
const RTF_CACHE = 0x01000000;
const RTF_LOCAL = 0x80000000;
export const MAX_ROUTES = 10_000;

/** Columns: Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT (hex little-endian addresses). */
export function parseIpv4Routes(text: string): RouteFact[] {
  const routes: RouteFact[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const [iface, destination, gateway, flags, , , metric, mask] = fields as [string, string, string, string, string, string, string, string];
    const flagBits = Number.parseInt(flags, 16);
    if ((flagBits & RTF_UP) === 0 || (flagBits & RTF_REJECT) !== 0) continue;
    const via = ipv4FromLittleEndianHex(gateway);
    routes.push({
      destination: `${ipv4FromLittleEndianHex(destination)}/${prefixFromLittleEndianMask(mask)}`,
      gateway: via === '0.0.0.0' ? undefined : via,
      interface: clip(iface, 255),
      metric: Number.parseInt(metric, 10),
    });
  }
  return routes;
}

/**
 * Columns: dest dest_prefixlen src src_prefixlen next_hop metric refcnt use flags iface (hex).
 * The file lists every table; local addresses, multicast, cached and reject (unreachable) entries
 * are not routes anyone configured, so they are left out.
 */
export function parseIpv6Routes(text: string): RouteFact[] {
  const routes: RouteFact[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [destination, prefix, , , nextHop, metric, , , flags, iface] = fields as string[] as [
      string, string, string, string, string, string, string, string, string, string,
    ];
    const flagBits = Number.parseInt(flags, 16);
    if ((flagBits & RTF_UP) === 0 || (flagBits & (RTF_REJECT | RTF_LOCAL | RTF_CACHE)) !== 0) continue;
    if (destination.toLowerCase().startsWith('ff')) continue;
    const via = ipv6FromHex(nextHop);
    routes.push({
      destination: `${ipv6FromHex(destination)}/${Number.parseInt(prefix, 16)}`,
      gateway: via === '::' ? undefined : via,
      interface: clip(iface, 255),
      metric: Number.parseInt(metric, 16),
    });
  }
  return routes;
}

export async function probeLinuxRoutes(context: ProbeContext, fs: RootedFs): Promise<RouteFact[]> {
  const [ipv4, ipv6] = await Promise.all([fs.text('/proc/net/route'), fs.text('/proc/net/ipv6_route')]);
  if (ipv4 === undefined && ipv6 === undefined) throw new Error(`cannot read ${fs.path('/proc/net/route')} nor ipv6_route`);
  if (ipv6 === undefined) context.warn('no /proc/net/ipv6_route: IPv6 routes not collected');
  const routes = [...(ipv4 === undefined ? [] : parseIpv4Routes(ipv4)), ...(ipv6 === undefined ? [] : parseIpv6Routes(ipv6))];
  if (routes.length > MAX_ROUTES) context.warn(`${routes.length} routes, kept the first ${MAX_ROUTES}`);
  return routes.slice(0, MAX_ROUTES);
}
