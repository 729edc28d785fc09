// ARP from <root>/proc/net/arp; IPv6 NDP only on the live system (root === ''), from
// `ip -6 -j neigh` because procfs has no neighbour table for IPv6.
import type { NeighbourFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { execText } from '../util/exec.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional, describeError, normaliseMac } from '../util/text.js';

const ATF_COM = 0x02;
const ATF_PERM = 0x04;
export const MAX_NEIGHBOURS = 10_000;

/** Columns: IP address, HW type, Flags, HW address, Mask, Device. Incomplete entries are skipped. */
export function parseArp(text: string): NeighbourFact[] {
  const neighbours: NeighbourFact[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6) continue;
    const [ip, , flags, hwAddress, , device] = fields as [string, string, string, string, string, string];
    const flagBits = Number.parseInt(flags, 16);
    const mac = normaliseMac(hwAddress);
    if (mac === undefined || (flagBits & ATF_COM) === 0) continue;
    neighbours.push({ ip, mac, interface: clip(device, 255), state: (flagBits & ATF_PERM) !== 0 ? 'permanent' : undefined });
  }
  return neighbours;
}

interface IpNeighEntry {
  dst?: unknown;
  dev?: unknown;
  lladdr?: unknown;
  state?: unknown;
}

/** `ip -j neigh` output; entries without a link-layer address (FAILED, INCOMPLETE) are skipped. */
export function parseIpNeighJson(json: string): NeighbourFact[] {
  const entries: unknown = JSON.parse(json);
  if (!Array.isArray(entries)) throw new Error('ip -j neigh: expected a JSON array');
  const neighbours: NeighbourFact[] = [];
  for (const entry of entries as IpNeighEntry[]) {
    const mac = typeof entry.lladdr === 'string' ? normaliseMac(entry.lladdr) : undefined;
    if (mac === undefined || typeof entry.dst !== 'string' || typeof entry.dev !== 'string') continue;
    const state = Array.isArray(entry.state) ? entry.state.filter((s) => typeof s === 'string').join(',').toLowerCase() : undefined;
    neighbours.push({ ip: clip(entry.dst, 64), mac, interface: clip(entry.dev, 255), state: clipOptional(state, 32) });
  }
  return neighbours;
}

async function liveNdp(context: ProbeContext): Promise<NeighbourFact[]> {
  try {
    return parseIpNeighJson(await execText('ip', ['-6', '-j', 'neigh', 'show'], { signal: context.signal }));
  } catch (error) {
    if (context.signal.aborted) throw error;
    context.warn(`IPv6 neighbours not collected: ${describeError(error)}`);
    return [];
  }
}

export async function probeLinuxNeighbours(context: ProbeContext, fs: RootedFs): Promise<NeighbourFact[]> {
  const [arp, ndp] = await Promise.all([fs.text('/proc/net/arp'), fs.isLive ? liveNdp(context) : Promise.resolve([])]);
  if (arp === undefined) throw new Error(`cannot read ${fs.path('/proc/net/arp')}`);
  const neighbours = [...parseArp(arp), ...ndp];
  if (neighbours.length > MAX_NEIGHBOURS) context.warn(`${neighbours.length} neighbours, kept the first ${MAX_NEIGHBOURS}`);
  return neighbours.slice(0, MAX_NEIGHBOURS);
}
