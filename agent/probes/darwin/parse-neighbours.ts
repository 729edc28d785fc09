// `arp -an` and `ndp -an` -> NeighbourFact[]. macOS prints MAC octets without leading zeros
// (`0:22:6d:2c:22:d2`); incomplete, broadcast and multicast entries are dropped.
import type { NeighbourFact } from '../../../shared/schema/facts.js';
import { clip, normaliseMac } from '../util/text.js';

export const padMac = (value: string): string | undefined =>
  normaliseMac(value.split(':').length === 6 ? value.split(':').map((o) => o.padStart(2, '0')).join(':') : value);

const isGroup = (mac: string): boolean => (Number.parseInt(mac.slice(0, 2), 16) & 1) === 1;

const ARP_LINE = /^\S+ \(([\d.]+)\) at (\S+) on (\S+)(.*)$/;

export function parseArp(text: string): NeighbourFact[] {
  const facts: NeighbourFact[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = ARP_LINE.exec(line.trim());
    if (!match) continue;
    const mac = padMac(match[2]!);
    if (mac === undefined || isGroup(mac)) continue;
    facts.push({ ip: match[1]!, mac, interface: clip(match[3]!, 255), state: /\bpermanent\b/.test(match[4]!) ? 'permanent' : undefined });
  }
  return facts;
}

const NDP_STATES: Record<string, string> = { R: 'reachable', S: 'stale', D: 'delay', P: 'probe', N: 'nostate', W: 'waitdelete', I: 'incomplete' };

export function parseNdp(text: string): NeighbourFact[] {
  const facts: NeighbourFact[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[0] === 'Neighbor' || !fields[0]!.includes(':')) continue;
    const mac = padMac(fields[1]!);
    if (mac === undefined || isGroup(mac)) continue;
    const expire = fields[3]!;
    facts.push({
      ip: clip(fields[0]!.replace(/%.*$/, ''), 64),
      mac,
      interface: clip(fields[2]!, 255),
      state: expire === 'permanent' ? 'permanent' : NDP_STATES[fields[4] ?? ''],
    });
  }
  return facts;
}
