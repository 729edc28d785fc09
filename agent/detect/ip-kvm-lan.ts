// IP-KVMs visible on the local network: a neighbour announcing a KVM's default name (pikvm.local,
// tinypilot.local, jetkvm.local, glkvm.local, blikvm.local) or carrying a KVM maker's MAC prefix.
// JetKVM's OUI alone is enough; GL.iNet mostly sells routers, so alone it is medium; a Raspberry
// Pi prefix is only supporting evidence next to a KVM-like name (a Pi on a home LAN is ordinary).
// Raw MACs never leave the laptop: evidence carries the vendor prefix (OUI) only.
import type { Facts, Finding, NeighbourFact, Policy } from '../../shared/index.js';
import { IP_KVM_HOSTNAMES, IP_KVM_OUIS } from '../catalogues/ip-kvm.js';
import type { LanVendorOui } from '../catalogues/ip-kvm.js';
import { makeFinding } from './finding.js';

/** The KVM whose default name the host name carries (`pikvm.local`, `pikvm-2`, `jetkvm.lan`). */
export function kvmHostname(hostname: string | undefined): { prefix: string; name: string } | undefined {
  if (!hostname) return undefined;
  const label = hostname.trim().toLowerCase().split('.')[0] ?? '';
  return IP_KVM_HOSTNAMES.find((h) => label === h.prefix || new RegExp(`^${h.prefix}[-_0-9]`).test(label));
}

export const ouiOf = (mac: string) => mac.slice(0, 8).toLowerCase();
export const kvmOui = (mac: string): LanVendorOui | undefined => IP_KVM_OUIS.find((o) => o.oui === ouiOf(mac));

function judge(n: NeighbourFact): Finding | undefined {
  const named = kvmHostname(n.hostname);
  const vendor = kvmOui(n.mac);
  if (!named && (!vendor || vendor.weight === 'weak')) return undefined;
  const matchedBy = [named ? `name "${n.hostname}" (${named.name} default)` : undefined, vendor ? `MAC vendor ${vendor.vendor} (${vendor.oui})` : undefined]
    .filter((s): s is string => s !== undefined);
  const what = named?.name ?? vendor?.vendor ?? 'IP-KVM';
  const subject = `${n.hostname ?? n.ip} (${what})`;
  const mixedOnly = !named && vendor?.weight === 'mixed';
  return makeFinding('ip_kvm.lan_device', {
    subject,
    summary: mixedOnly
      ? `A ${vendor.vendor} device is on the local network (${n.ip} on ${n.interface}); the vendor makes IP-KVMs (GL.iNet Comet) as well as routers.`
      : `An IP-KVM (${what}) is visible on the local network at ${n.ip} on ${n.interface}: ${matchedBy.join(' and ')}.`,
    evidence: { ip: n.ip, interface: n.interface, hostname: n.hostname, oui: vendor?.oui, ouiVendor: vendor?.vendor, kvm: named?.name, matchedBy },
    ...(mixedOnly ? { severity: 'medium' as const } : {}),
  });
}

export function detectIpKvmLan(facts: Facts, _policy: Policy): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const neighbour of facts.neighbours) {
    const finding = judge(neighbour);
    if (!finding) continue;
    // One finding per device (a neighbour is often listed for IPv4 and IPv6).
    const key = `${neighbour.mac}|${neighbour.hostname ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}
