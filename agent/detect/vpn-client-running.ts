// Consumer VPN and overlay clients running on the laptop (agent/catalogues/vpn-clients.ts). One
// finding per client with every matching process. Clients the company deploys
// (policy.vpn.allowedClients) are reported as `info`; generic VPN software (OpenVPN, WireGuard),
// which corporate VPNs also use, is `low`.
import type { Facts, Finding, Policy, ProcessFact } from '../../shared/index.js';
import type { VpnClient } from '../catalogues/vpn-clients.js';
import { makeFinding, unique } from './finding.js';
import { isAllowedClient, matchVpnProcess } from './vpn-client-matcher.js';

interface Hit {
  client: VpnClient;
  processes: ProcessFact[];
  reasons: string[];
}

const runningByFacts = new WeakMap<Facts, Map<string, Hit>>();

/** Clients with a running process, keyed by client id (computed once per facts object). */
export function runningVpnClients(facts: Facts): Map<string, Hit> {
  const cached = runningByFacts.get(facts);
  if (cached) return cached;
  const hits = new Map<string, Hit>();
  for (const process of facts.processes) {
    for (const { client, reason } of matchVpnProcess(process, facts.platform)) {
      const hit = hits.get(client.id) ?? { client, processes: [], reasons: [] };
      hit.processes.push(process);
      hit.reasons.push(reason);
      hits.set(client.id, hit);
    }
  }
  runningByFacts.set(facts, hits);
  return hits;
}

export function detectVpnClientRunning(facts: Facts, policy: Policy): Finding[] {
  return [...runningVpnClients(facts).values()].map(({ client, processes, reasons }) => {
    const sorted = [...processes].sort((a, b) => a.pid - b.pid);
    const allowed = isAllowedClient(client, policy);
    const pids = sorted.map((p) => String(p.pid));
    const count = sorted.length === 1 ? `pid ${pids[0]}` : `${sorted.length} processes, pids ${pids.slice(0, 5).join(', ')}${sorted.length > 5 ? ', …' : ''}`;
    const what = client.kind === 'protocol' ? 'VPN software' : client.kind === 'overlay' ? 'overlay-network client' : 'consumer VPN client';
    return makeFinding('vpn.client_running', {
      subject: client.name,
      summary: `${client.name}, a ${what}, is running (${count}).${allowed ? ' The policy allows this client, so this is informational.' : ''}`,
      evidence: {
        clientId: client.id,
        clientName: client.name,
        kind: client.kind,
        pids,
        processNames: unique(sorted.map((p) => p.name)),
        paths: unique(sorted.flatMap((p) => (p.path ? [p.path] : []))),
        users: unique(sorted.flatMap((p) => (p.user ? [p.user] : []))),
        matchedBy: unique(reasons).sort(),
        localProxies: client.localProxies.map((p) => `${p.host}:${p.port}`),
        // Context only: a VPN client often installs its own resolver; no finding of its own.
        dnsServers: facts.dnsServers,
        policyAllowsClient: allowed,
      },
      ...(allowed ? { severity: 'info' as const } : client.kind === 'protocol' ? { severity: 'low' as const } : {}),
    });
  });
}
