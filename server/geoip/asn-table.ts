// IP -> autonomous system from the ip-location-db `asn` package's CSV files
// (`start,end,asn,organisation`, ranges sorted and disjoint), held as typed arrays and searched
// by bisection. IPv6 ranges are compared on their upper 64 bits: routed IPv6 prefixes are /64
// or shorter, so no range boundary falls inside a /64.
import fs from 'node:fs/promises';
import type { AsnInfo } from './types.js';

interface Family<A extends Uint32Array | BigUint64Array> {
  starts: A;
  ends: A;
  asns: Uint32Array;
  orgIndex: Uint32Array;
}

export interface AsnTable {
  lookup(family: 4 | 6, value: bigint): AsnInfo | undefined;
  size: number;
}

/** Fills the arrays from `start,end,asn,organisation` lines (organisation quoted when it has a comma). */
function build<A extends Uint32Array | BigUint64Array>(
  text: string, make: (n: number) => A, convert: (s: string) => number | bigint, orgs: Map<string, number>,
): Family<A> {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  if (text.length && !text.endsWith('\n')) count++;
  const starts = make(count) as unknown as (number | bigint)[];
  const ends = make(count) as unknown as (number | bigint)[];
  const asns = new Uint32Array(count);
  const orgIndex = new Uint32Array(count);
  let n = 0;
  let previousStart: number | bigint = -1;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const a = text.indexOf(',', at);
    const b = text.indexOf(',', a + 1);
    const c = text.indexOf(',', b + 1);
    if (end > at) {
      if (a < 0 || c < 0 || c > end) throw new Error(`malformed ASN line: ${text.slice(at, Math.min(end, at + 80))}`);
      let org = text.slice(c + 1, text[end - 1] === '\r' ? end - 1 : end);
      if (org.startsWith('"')) org = org.slice(1, -1).replaceAll('""', '"');
      let index = orgs.get(org);
      if (index === undefined) {
        index = orgs.size;
        orgs.set(org, index);
      }
      const start = convert(text.slice(at, a));
      if (start < previousStart) throw new Error(`ASN ranges are not sorted near ${text.slice(at, a)}`);
      previousStart = start;
      starts[n] = start;
      ends[n] = convert(text.slice(a + 1, b));
      asns[n] = Number(text.slice(b + 1, c));
      orgIndex[n] = index;
      n++;
    }
    at = end + 1;
  }
  const trim = <T extends Uint32Array | BigUint64Array>(array: T) => array.subarray(0, n) as T;
  return { starts: trim(starts as unknown as A), ends: trim(ends as unknown as A), asns: trim(asns), orgIndex: trim(orgIndex) };
}

function search<A extends Uint32Array | BigUint64Array>(family: Family<A>, value: number | bigint): number {
  let lo = 0;
  let hi = family.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (family.starts[mid]! > value) hi = mid - 1;
    else if (family.ends[mid]! < value) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Loads `asn-ipv4-num.csv` and `asn-ipv6-num.csv` (decimal addresses) from `dir`. */
export async function loadAsnTable(ipv4File: string, ipv6File: string): Promise<AsnTable> {
  const [v4Text, v6Text] = await Promise.all([fs.readFile(ipv4File, 'utf8'), fs.readFile(ipv6File, 'utf8')]);
  const orgs = new Map<string, number>();
  const v4 = build(v4Text, (n) => new Uint32Array(n), Number, orgs);
  const v6 = build(v6Text, (n) => new BigUint64Array(n), (s) => BigInt(s) >> 64n, orgs);
  const names = [...orgs.keys()];
  const answer = (family: Family<Uint32Array> | Family<BigUint64Array>, i: number): AsnInfo | undefined =>
    i < 0 ? undefined : { asn: family.asns[i]!, organisation: names[family.orgIndex[i]!] || null };
  return {
    size: v4.starts.length + v6.starts.length,
    lookup(family, value) {
      return family === 4 ? answer(v4, search(v4, Number(value))) : answer(v6, search(v6, value >> 64n));
    },
  };
}
