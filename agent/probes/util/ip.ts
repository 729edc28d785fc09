// Address formatting for the kernel's hex notation in /proc/net.

/** `0100007F` (an IPv4 address as the kernel prints a host-order u32 on little-endian) -> `127.0.0.1`. */
export function ipv4FromLittleEndianHex(hex: string): string {
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new Error(`malformed IPv4 hex '${hex}'`);
  const value = Number.parseInt(hex, 16);
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24].join('.');
}

/** Number of leading one bits of a little-endian hex netmask (`00FFFFFF` -> 24). */
export function prefixFromLittleEndianMask(hex: string): number {
  const octets = ipv4FromLittleEndianHex(hex).split('.').map(Number);
  let bits = 0;
  for (const octet of octets) {
    let mask = 0x80;
    while (mask > 0 && (octet & mask) !== 0) {
      bits += 1;
      mask >>= 1;
    }
    if (octet !== 0xff) break;
  }
  return bits;
}

function bytesFromHex(hex: string): number[] {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`malformed IPv6 hex '${hex}'`);
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

/** RFC 5952 text of 16 bytes: lowercase, longest zero run (of two or more groups) as `::`, IPv4-mapped as dotted. */
export function formatIpv6(bytes: readonly number[]): string {
  if (bytes.length !== 16) throw new Error(`IPv6 address needs 16 bytes, got ${bytes.length}`);
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}

/** `fe800000000000000000000000000001` (network order, as in if_inet6 and ipv6_route) -> `fe80::1`. */
export function ipv6FromHex(hex: string): string {
  return formatIpv6(bytesFromHex(hex));
}

/**
 * tcp6/udp6 print the address as four host-order u32 words; on little-endian machines each word's
 * bytes are reversed (`00000000000000000000000001000000` -> `::1`).
 */
export function ipv6FromWordSwappedHex(hex: string): string {
  const bytes = bytesFromHex(hex);
  const swapped: number[] = [];
  for (let word = 0; word < 16; word += 4) swapped.push(...bytes.slice(word, word + 4).reverse());
  return formatIpv6(swapped);
}
