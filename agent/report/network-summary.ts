// The co-location part of a report: where the default route goes and who else is on the LAN,
// with every MAC replaced by its keyed hash. Only OUIs (vendor prefixes) stay readable.
import type { Facts, NeighbourFact, ReportNetwork, RouteFact } from '../../shared/index.js';
import { hashMac, keyedHash, normaliseMac } from './keyed-hash.js';
import { isGlobalUnicast, parseIpv6, prefix64 } from './ipv6.js';

const IPV4_DEFAULT = new Set(['0.0.0.0/0', 'default', '0.0.0.0']);
const IPV6_DEFAULT = new Set(['::/0', 'default6']);
const NO_GATEWAY = new Set(['', '0.0.0.0', '::', 'on-link', 'link']);
const MAX_NEIGHBOURS = 1024;
const MAX_PREFIXES = 32;

export function summariseNetwork(facts: Facts, orgKey: string): ReportNetwork {
  const route = defaultRoute(facts.routes);
  const iface = route && facts.interfaces.find((i) => i.name === route.interface);
  const gatewayIp = route?.gateway && !NO_GATEWAY.has(route.gateway) ? route.gateway : undefined;
  const neighbours = unicastNeighbours(facts.neighbours);
  const wifi = route ? facts.wifi.find((w) => w.interface === route.interface) : undefined;

  const gateway = gatewayIp
    ? neighbours.find((n) => n.ip === gatewayIp && n.interface === route?.interface) ?? neighbours.find((n) => n.ip === gatewayIp)
    : undefined;

  const macs = [...new Set(neighbours.map((n) => n.mac))];
  const neighbourMacHashes = [...new Set(macs.map((mac) => hashMac(orgKey, mac)))].sort().slice(0, MAX_NEIGHBOURS);

  const neighbourOuiCounts: Record<string, number> = {};
  for (const mac of macs) {
    if (isLocallyAdministered(mac)) continue; // random or virtual: no vendor behind it
    const oui = mac.slice(0, 8);
    neighbourOuiCounts[oui] = (neighbourOuiCounts[oui] ?? 0) + 1;
  }

  return {
    defaultInterface: route?.interface,
    defaultInterfaceKind: iface?.kind,
    gatewayIp,
    gatewayMacHash: gateway ? hashMac(orgKey, gateway.mac) : undefined,
    ipv6Prefixes: globalIpv6Prefixes(facts),
    neighbourMacHashes,
    neighbourOuiCounts: sortKeys(neighbourOuiCounts),
    // The SSID is hashed as the text the OS reports; the BSSID like any other MAC.
    wifiSsidHash: wifi?.ssid ? keyedHash(orgKey, wifi.ssid) : undefined,
    wifiBssidHash: wifi?.bssid ? hashMac(orgKey, wifi.bssid) : undefined,
    dhcpServer: iface?.dhcpServer,
    dnsServers: facts.dnsServers,
  };
}

/** The IPv4 default route with the lowest metric, else the IPv6 one. */
export function defaultRoute(routes: RouteFact[]): RouteFact | undefined {
  const byMetric = (a: RouteFact, b: RouteFact) => (a.metric ?? 0) - (b.metric ?? 0);
  const v4 = routes.filter((r) => IPV4_DEFAULT.has(r.destination)).sort(byMetric);
  const v6 = routes.filter((r) => IPV6_DEFAULT.has(r.destination)).sort(byMetric);
  return v4[0] ?? v6[0];
}

function unicastNeighbours(neighbours: NeighbourFact[]): NeighbourFact[] {
  const result: NeighbourFact[] = [];
  for (const n of neighbours) {
    let mac: string;
    try {
      mac = normaliseMac(n.mac);
    } catch {
      continue;
    }
    const firstOctet = parseInt(mac.slice(0, 2), 16);
    if (mac === '00:00:00:00:00:00' || (firstOctet & 0x01) !== 0) continue; // incomplete, broadcast, multicast
    result.push({ ...n, mac });
  }
  return result;
}

function isLocallyAdministered(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;
}

function globalIpv6Prefixes(facts: Facts): string[] {
  const prefixes = new Set<string>();
  for (const iface of facts.interfaces) {
    if (!iface.up || iface.kind === 'loopback') continue;
    for (const address of iface.ipv6) {
      const groups = parseIpv6(address);
      if (groups && isGlobalUnicast(groups)) prefixes.add(prefix64(groups));
    }
  }
  return [...prefixes].sort().slice(0, MAX_PREFIXES);
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
