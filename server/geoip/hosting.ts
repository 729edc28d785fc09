// Is an autonomous system a hosting or VPN provider? From the curated hosting-networks.json
// (sources in its `_about`): exact ASNs first, then organisation-name patterns.
import networks from './hosting-networks.json' with { type: 'json' };

export type HostingKind = 'hosting' | 'vpn';

export interface HostingNetwork {
  provider: string;
  kind: HostingKind;
}

const BY_ASN = new Map<number, HostingNetwork>(
  networks.asns.map(({ asn, provider, kind }) => [asn, { provider, kind: kind as HostingKind }]),
);
const PATTERNS = networks.orgPatterns.map(({ pattern, provider, kind }) => ({
  pattern: new RegExp(pattern, 'i'), network: { provider, kind: kind as HostingKind },
}));

export function classifyHosting(asn: number | null, organisation: string | null): HostingNetwork | undefined {
  const known = asn === null ? undefined : BY_ASN.get(asn);
  if (known) return known;
  return organisation ? PATTERNS.find((p) => p.pattern.test(organisation))?.network : undefined;
}
