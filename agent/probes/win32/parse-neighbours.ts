// Get-NetNeighbor (Reachable/Stale/Permanent/Delay/Probe) -> NeighbourFact[]. Broadcast and
// multicast entries are not neighbours and are dropped.
import type { NeighbourFact } from '../../../shared/schema/facts.js';
import { clip, normaliseMac } from '../util/text.js';
import { records, section, str, type Win32Document } from './document.js';

/** The group bit of the first octet: broadcast and multicast addresses. */
export const isGroupMac = (mac: string): boolean => (Number.parseInt(mac.slice(0, 2), 16) & 1) === 1;

export function parseWin32Neighbours(document: Win32Document): NeighbourFact[] {
  const neighbours: NeighbourFact[] = [];
  for (const n of records(section(document, 'neighbours'))) {
    const ip = str(n.ip);
    const mac = normaliseMac(str(n.mac));
    const alias = str(n.alias);
    if (ip === undefined || mac === undefined || alias === undefined || isGroupMac(mac)) continue;
    neighbours.push({ ip: clip(ip.replace(/%.*$/, ''), 64), mac, interface: clip(alias, 255), state: clip((str(n.state) ?? '').toLowerCase(), 32) || undefined });
    if (neighbours.length === 10_000) break;
  }
  return neighbours;
}
