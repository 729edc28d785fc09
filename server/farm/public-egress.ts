// Which egress addresses count as evidence of a shared home: only globally routable ones. A
// private, shared-address (CGNAT), loopback, link-local, documentation or benchmark address
// says where the collector sits (a corporate VPN, a lab), not where the laptop is. A lab can list
// such networks in FARMWATCH_CORRELATION_LAB_NETWORKS to have them counted.
import { cidrContains, parseCidr, parseIp, type Cidr } from '../net/ip.js';

/** IANA special-purpose registries (RFC 6890 and successors): not globally reachable or not a home's address. */
const SPECIAL_PURPOSE = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', '64:ff9b:1::/48', '100::/64', '2001::/23', '2001:db8::/32', '2002::/16', '3fff::/20', 'fc00::/7', 'fe80::/10', 'ff00::/8',
].map((text) => parseCidr(text)!);

export function parseLabNetworks(cidrs: readonly string[]): Cidr[] {
  return cidrs.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`not a CIDR: ${text}`);
    return cidr;
  });
}

/** True for a globally routable address, or one inside a configured lab network. */
export function isPublicEgress(ip: string, labNetworks: readonly Cidr[] = []): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  if (labNetworks.some((cidr) => cidrContains(cidr, parsed))) return true;
  return !SPECIAL_PURPOSE.some((cidr) => cidrContains(cidr, parsed));
}
