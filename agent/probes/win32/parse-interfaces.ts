// Interfaces from Get-NetAdapter, their addresses from Get-NetIPAddress and the DHCP server from
// Win32_NetworkAdapterConfiguration. Interfaces that only have addresses (the loopback
// pseudo-interface) are added from the address list.
import type { InterfaceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional, normaliseMac } from '../util/text.js';
import { int, optionalSection, records, section, str, type JsonRecord, type Win32Document } from './document.js';

type Kind = InterfaceFact['kind'];
const TUNNEL = /TAP-Windows|Wintun|WireGuard|OpenVPN|VPN|Tunnel|TAP-NordVPN|ExpressVPN|Astrill/i;
const WIFI_MEDIA = /802\.11|Wireless/i;

export function win32InterfaceKind(adapter: { description?: string; mediaType?: string; physicalMediaType?: string; virtual?: boolean }): Kind {
  if (TUNNEL.test(adapter.description ?? '')) return 'tunnel';
  if (WIFI_MEDIA.test(adapter.physicalMediaType ?? '') || WIFI_MEDIA.test(adapter.mediaType ?? '')) return 'wifi';
  if (adapter.virtual) return 'virtual';
  if (adapter.mediaType === '802.3') return 'ethernet';
  return 'other';
}

/** `fe80::1%12` -> `fe80::1` (the zone index is the interface, reported separately). */
const withoutZone = (address: string): string => address.replace(/%.*$/, '');

export function parseWin32Interfaces(document: Win32Document, warn?: (message: string) => void): InterfaceFact[] {
  const addresses = new Map<number, { alias?: string; ipv4: string[]; ipv6: string[] }>();
  for (const a of records(section(document, 'ipAddresses'))) {
    const index = int(a.index);
    const address = str(a.address);
    if (index === undefined || address === undefined) continue;
    const entry = addresses.get(index) ?? { alias: str(a.alias), ipv4: [], ipv6: [] };
    (str(a.family) === 'IPv6' || address.includes(':') ? entry.ipv6 : entry.ipv4).push(clip(withoutZone(address), 64));
    addresses.set(index, entry);
  }
  const dhcp = new Map<number, string>();
  for (const d of records(optionalSection(document, 'dhcp', warn))) {
    const index = int(d.index);
    const server = str(d.dhcpServer);
    if (index !== undefined && server !== undefined && server !== '255.255.255.255') dhcp.set(index, server);
  }
  const facts: InterfaceFact[] = [];
  const seen = new Set<number>();
  const toFact = (a: JsonRecord, index: number | undefined): InterfaceFact => {
    const own = index === undefined ? undefined : addresses.get(index);
    return {
      name: clip(str(a.name) ?? own?.alias ?? `ifIndex ${index}`, 255),
      kind: win32InterfaceKind({ description: str(a.description), mediaType: str(a.mediaType), physicalMediaType: str(a.physicalMediaType), virtual: a.virtual === true }),
      up: str(a.status) === 'Up',
      mac: normaliseMac(str(a.mac)),
      ipv4: (own?.ipv4 ?? []).slice(0, 64),
      ipv6: (own?.ipv6 ?? []).slice(0, 64),
      driver: clipOptional(str(a.description), 255),
      dhcpServer: index === undefined ? undefined : clipOptional(dhcp.get(index), 64),
    };
  };
  for (const adapter of records(section(document, 'adapters'))) {
    const index = int(adapter.index);
    if (index !== undefined) seen.add(index);
    facts.push(toFact(adapter, index));
  }
  for (const [index, own] of addresses) {
    if (seen.has(index)) continue;
    const loopback = own.ipv4.some((ip) => ip.startsWith('127.')) || own.ipv6.includes('::1');
    facts.push({ name: clip(own.alias ?? `ifIndex ${index}`, 255), kind: loopback ? 'loopback' : 'other', up: true, ipv4: own.ipv4.slice(0, 64), ipv6: own.ipv6.slice(0, 64) });
  }
  return facts.slice(0, 512);
}
