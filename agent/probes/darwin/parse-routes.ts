// `netstat -rn -f inet` / `-f inet6` -> RouteFact[]. Destinations are printed the BSD way
// (`default`, `127`, `169.254`, `192.168.1`, `224.0.0/4`, `fe80::%lo0/64`); link-layer entries
// (flag L) and cloned host routes (flag W) are neighbours, not routes, and are skipped, as are
// interface-scoped routes (flag I): every Mac has scoped IPv6 defaults on its system utun0-3
// interfaces and scoped copies of the primary default; only the unscoped table routes traffic.
import type { RouteFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';

/** BSD netstat destination -> CIDR. Without a prefix, an IPv4 net spans the octets printed. */
export function netstatDestination(value: string, ipv6: boolean, host: boolean): string | undefined {
  if (value === 'default') return ipv6 ? '::/0' : '0.0.0.0/0';
  const [address = '', prefix] = value.replace(/%[^/]*/, '').split('/');
  if (ipv6) {
    if (!address.includes(':')) return undefined;
    return `${address}/${prefix ?? '128'}`;
  }
  const octets = address.split('.');
  if (octets.length > 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  const bits = prefix ?? (host || octets.length === 4 ? '32' : String(octets.length * 8));
  while (octets.length < 4) octets.push('0');
  return `${octets.join('.')}/${bits}`;
}

const isGatewayAddress = (value: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || (value.includes(':') && !/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(value));

export function parseNetstatRoutes(text: string): RouteFact[] {
  const routes: RouteFact[] = [];
  let ipv6 = false;
  let netifColumn = -1;
  for (const line of text.split(/\r?\n/)) {
    if (/^Internet6:/.test(line)) ipv6 = true;
    else if (/^Internet:/.test(line)) ipv6 = false;
    const fields = line.trim().split(/\s+/);
    if (fields[0] === 'Destination') {
      netifColumn = fields.indexOf('Netif');
      continue;
    }
    if (netifColumn < 0 || fields.length <= netifColumn) continue;
    const [destination = '', gateway = '', flags = ''] = fields;
    if (/[LWI]/.test(flags)) continue;
    const cidr = netstatDestination(destination, ipv6, flags.includes('H'));
    if (cidr === undefined) continue;
    const via = gateway.replace(/%.*$/, '');
    routes.push({ destination: clip(cidr, 64), gateway: isGatewayAddress(via) ? clip(via, 64) : undefined, interface: clip(fields[netifColumn]!, 255) });
    if (routes.length === 10_000) break;
  }
  return routes;
}
