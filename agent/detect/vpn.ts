// VPN tunnels: a default route through a tunnel interface (full or OpenVPN-style split
// 0.0.0.0/1 + 128.0.0.0/1), and tunnel interfaces that are up and in use (a routable address or route).
// When the policy allows VPNs (a corporate VPN is expected) both are still reported, as `info`,
// so an analyst can see the tunnel without it raising an alert. Adapters a VPN client creates
// (Windows adapter descriptions such as `TAP-Windows Adapter V9` or `WireGuard Tunnel`, Linux
// `nordlynx`, `tailscale0`...; agent/catalogues/vpn-clients.ts) count as tunnels and name the client.
import type { Facts, Finding, InterfaceFact, Policy, RouteFact } from '../../shared/index.js';
import { TUNNEL_ADAPTERS, findVpnClient } from '../catalogues/vpn-clients.js';
import type { TunnelAdapter } from '../catalogues/vpn-clients.js';
import { makeFinding, unique } from './finding.js';

const TUNNEL_NAME = /^(tun|tap|wg|utun|ppp|ipsec)/i;

/** The known VPN adapter an interface is, by its name or its driver / adapter description. */
export function tunnelAdapter(name: string, iface: InterfaceFact | undefined): TunnelAdapter | undefined {
  return TUNNEL_ADAPTERS.find((a) => a.pattern.test(name) || (iface?.driver !== undefined && a.pattern.test(iface.driver)));
}

/** Evidence naming the adapter and the client that creates it. */
function adapterEvidence(name: string, iface: InterfaceFact | undefined) {
  const adapter = tunnelAdapter(name, iface);
  return { adapter: adapter?.label, vpnClient: adapter?.clientId ? findVpnClient(adapter.clientId)?.name : undefined };
}
const FULL_DEFAULTS = new Set(['0.0.0.0/0', '::/0', 'default', '0.0.0.0']);
const SPLIT_HALVES: readonly (readonly [string, string])[] = [['0.0.0.0/1', '128.0.0.0/1'], ['::/1', '8000::/1']];

export const isTunnel = (name: string, iface: InterfaceFact | undefined) =>
  iface?.kind === 'tunnel' || TUNNEL_NAME.test(name) || tunnelAdapter(name, iface) !== undefined;

/** Link-local IPv6 (fe80::/10) and multicast are all macOS's idle system utun interfaces carry. */
const isRoutableV6 = (address: string) => !/^fe[89ab]/i.test(address.trim());
const isLocalScopeDestination = (destination: string) => /^(fe[89ab]|ff[0-9a-f]{2}:|224\.|169\.254\.)/i.test(destination.trim());

/**
 * A tunnel in use: it has a routable address or routes something beyond link-local scope. (The
 * Linux probes cannot see per-interface IPv4 addresses, so routes are the evidence there.)
 */
const inUse = (iface: InterfaceFact, routes: readonly RouteFact[]) =>
  iface.ipv4.length > 0 || iface.ipv6.some(isRoutableV6) || routes.some((r) => !isLocalScopeDestination(r.destination));

/** The default-route destinations an interface carries: a full default or both halves of a split. */
function defaultDestinations(routes: RouteFact[]): string[] {
  const destinations = new Set(routes.map((r) => r.destination.trim().toLowerCase()));
  const found = [...destinations].filter((d) => FULL_DEFAULTS.has(d));
  for (const [low, high] of SPLIT_HALVES) if (destinations.has(low) && destinations.has(high)) found.push(low, high);
  return found.sort();
}

export function detectVpn(facts: Facts, policy: Policy): Finding[] {
  const allowed = policy.vpn.allowed;
  const severity = allowed ? ({ severity: 'info' } as const) : {};
  const policyNote = allowed ? ' The policy allows VPNs, so this is informational.' : '';
  const interfaces = new Map(facts.interfaces.map((i) => [i.name, i]));
  const routesByInterface = new Map<string, RouteFact[]>();
  for (const route of facts.routes) routesByInterface.set(route.interface, [...(routesByInterface.get(route.interface) ?? []), route]);

  const findings: Finding[] = [];
  for (const [name, routes] of routesByInterface) {
    const iface = interfaces.get(name);
    if (!isTunnel(name, iface)) continue;
    const destinations = defaultDestinations(routes);
    if (!destinations.length) continue;
    const split = !destinations.some((d) => FULL_DEFAULTS.has(d));
    findings.push(makeFinding('vpn.default_route_tunnel', {
      subject: name,
      summary: `The default route goes through tunnel interface ${name}${split ? ' (split 0.0.0.0/1 + 128.0.0.0/1, as OpenVPN sets it)' : ''}, so all traffic leaves through a VPN.${policyNote}`,
      evidence: {
        interface: name,
        kind: iface?.kind ?? 'unknown',
        driver: iface?.driver,
        ...adapterEvidence(name, iface),
        routes: destinations,
        gateways: unique(routes.filter((r) => destinations.includes(r.destination.trim().toLowerCase())).flatMap((r) => (r.gateway ? [r.gateway] : []))).sort(),
        split,
        policyAllowsVpn: allowed,
      },
      ...severity,
    }));
  }
  for (const iface of facts.interfaces) {
    const routes = routesByInterface.get(iface.name) ?? [];
    if (!iface.up || !isTunnel(iface.name, iface) || !inUse(iface, routes)) continue;
    findings.push(makeFinding('vpn.tunnel_interface', {
      subject: iface.name,
      summary: `Tunnel interface ${iface.name}${iface.driver ? ` (${iface.driver})` : ''} is up and in use.${policyNote}`,
      evidence: {
        interface: iface.name,
        kind: iface.kind,
        driver: iface.driver,
        ...adapterEvidence(iface.name, iface),
        addressCount: iface.ipv4.length + iface.ipv6.filter(isRoutableV6).length,
        routes: unique(routes.map((r) => r.destination)).sort().slice(0, 16),
        policyAllowsVpn: allowed,
      },
      ...severity,
    }));
  }
  return findings;
}
