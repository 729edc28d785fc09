// Egress identifiers: a public IPv4 address counts as it is; an IPv6 address counts by its /64,
// because one home (one router advertisement) hands every laptop a different address in one /64.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

export class EgressFormatError extends Error {
  constructor(value: string, why: string) {
    super(`not an IP address: ${JSON.stringify(value.slice(0, 64))} (${why})`);
    this.name = 'EgressFormatError';
  }
}

/** The eight 16-bit groups of an IPv6 address, or an error saying why it is not one. */
function ipv6Groups(value: string): number[] {
  let text = value.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted quad (::ffff:192.0.2.1, 64:ff9b::192.0.2.1) is two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) throw new EgressFormatError(value, 'bad embedded IPv4');
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) throw new EgressFormatError(value, 'more than one "::"');
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) throw new EgressFormatError(value, 'wrong number of groups');
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  return groups.map((g) => {
    if (!HEXTET.test(g)) throw new EgressFormatError(value, `bad group ${JSON.stringify(g)}`);
    return parseInt(g, 16);
  });
}

/** RFC 5952 text of the /64: the zero run at the end is always the longest, so it is the one compressed. */
function prefix64(groups: number[]): string {
  const head = groups.slice(0, 4);
  while (head.length > 0 && head[head.length - 1] === 0) head.pop();
  return `${head.map((g) => g.toString(16)).join(':')}::/64`;
}

/** `203.0.113.7` -> `203.0.113.7`; `2001:db8:1:2::42` -> `2001:db8:1:2::/64`; IPv4-mapped IPv6 -> the IPv4. */
export function egressKey(ip: string): string {
  const value = ip.trim();
  if (IPV4.test(value)) return value;
  if (!value.includes(':')) throw new EgressFormatError(ip, 'neither IPv4 nor IPv6');
  const groups = ipv6Groups(value);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  return prefix64(groups);
}

/** A report's `ipv6Prefixes` entry (`2001:db8:1:2::/64`, or any address inside it) as its /64. */
export function ipv6PrefixKey(prefix: string): string {
  const [address = '', length] = prefix.trim().split('/');
  if (length !== undefined && !/^\d{1,3}$/.test(length)) throw new EgressFormatError(prefix, 'bad prefix length');
  if (length !== undefined && Number(length) > 128) throw new EgressFormatError(prefix, 'prefix length above 128');
  return prefix64(ipv6Groups(address));
}
