// IP addresses and CIDR blocks as bigints, so IPv4 and IPv6 are compared the same way.
// Pure: no sockets, no lookups.
import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  value: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function ipv4ToBigint(ip: string): bigint {
  return ip.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigint(ip: string): bigint {
  let text = ip.split('%')[0]!;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigint(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** Parses a textual IPv4 or IPv6 address; undefined when it is neither. */
export function parseIp(ip: string): ParsedIp | undefined {
  if (isIPv4(ip)) return { family: 4, value: ipv4ToBigint(ip) };
  if (isIPv6(ip)) {
    const value = ipv6ToBigint(ip);
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as dual-stack sockets report) is the IPv4 address.
    if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
    return { family: 6, value };
  }
  return undefined;
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // Longest run of zero groups (at least two) becomes '::' (RFC 5952).
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

export function formatIp({ family, value }: ParsedIp): string {
  if (family === 6) return formatIpv6(value);
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** The canonical text of an address (IPv4-mapped IPv6 becomes IPv4), or undefined. */
export function normaliseIp(ip: string): string | undefined {
  const parsed = parseIp(ip);
  return parsed && formatIp(parsed);
}

const mask = (family: IpFamily, prefix: number): bigint => {
  const bits = BigInt(BITS[family]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
};

/** Parses `192.0.2.0/24` or `2001:db8::/32` (a bare address is a /32 or /128); undefined when invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || address === undefined) return undefined;
  const ip = parseIp(address);
  if (!ip || (ip.family === 4 && isIPv6(address))) return undefined;
  const bits = BITS[ip.family];
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { family: ip.family, network: ip.value & mask(ip.family, prefix), prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  return cidr.family === ip.family && (ip.value & mask(ip.family, cidr.prefix)) === cidr.network;
}

/** The /64 an IPv6 address lies in (`2001:db8:1:2::/64`); undefined for IPv4. */
export function ipv6Prefix64(ip: string): string | undefined {
  const parsed = parseIp(ip);
  if (parsed?.family !== 6) return undefined;
  return formatCidr({ family: 6, network: parsed.value & mask(6, 64), prefix: 64 });
}
