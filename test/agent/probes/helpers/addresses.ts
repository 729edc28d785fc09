// Address encoders in the kernel's /proc/net notations (the inverse of agent/probes/util/ip.ts),
// written independently so fixture values are not produced by the code under test.

function ipv4Octets(ip: string): number[] {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) throw new Error(`bad IPv4 '${ip}'`);
  return octets;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0').toUpperCase();

/** `192.168.1.1` -> `0101A8C0` as /proc/net/route, arp-free tables and tcp print it on little-endian hosts. */
export function ipv4ToKernelHex(ip: string): string {
  return ipv4Octets(ip).reverse().map(hex2).join('');
}

export function prefixToKernelMaskHex(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ipv4ToKernelHex([mask >>> 24, (mask >>> 16) & 0xff, (mask >>> 8) & 0xff, mask & 0xff].join('.'));
}

/** `fe80::1` -> 16 bytes. Accepts one `::` and hex groups (no embedded IPv4). */
export function ipv6Bytes(ip: string): number[] {
  const [head, tail, extra] = ip.split('::');
  if (extra !== undefined) throw new Error(`bad IPv6 '${ip}'`);
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if ((tail === undefined && missing !== 0) || missing < 0) throw new Error(`bad IPv6 '${ip}'`);
  const groups = [...headGroups, ...new Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups].map((g) => Number.parseInt(g, 16));
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Network-order hex, lowercase, as in if_inet6 and ipv6_route. */
export function ipv6ToKernelHex(ip: string): string {
  return ipv6Bytes(ip).map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** tcp6/udp6 notation: four host-order (little-endian) u32 words, uppercase. */
export function ipv6ToSocketTableHex(ip: string): string {
  const bytes = ipv6Bytes(ip);
  let out = '';
  for (let word = 0; word < 16; word += 4) out += bytes.slice(word, word + 4).reverse().map(hex2).join('');
  return out;
}
