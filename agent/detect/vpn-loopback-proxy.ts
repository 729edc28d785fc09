// A system proxy that points at a listener on this laptop (127.0.0.0/8, ::1, localhost): how
// Astrill VPN and similar clients route traffic (Astrill: 127.0.0.1:12344). Debugging proxies and
// corporate agents do it too, so the evidence names the client when the port is a known one.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { VPN_CLIENTS } from '../catalogues/vpn-clients.js';
import { isLoopbackHost } from './address.js';
import { makeFinding } from './finding.js';
import { proxyEndpoints } from './proxy.js';
import { isAllowedClient } from './vpn-client-matcher.js';

export function detectLoopbackProxy(facts: Facts, policy: Policy): Finding[] {
  return proxyEndpoints(facts.proxies).filter((e) => isLoopbackHost(e.host)).map((endpoint) => {
    const client = VPN_CLIENTS.find((c) => c.localProxies.some((p) => endpoint.port === p.port));
    const allowed = client !== undefined && isAllowedClient(client, policy);
    const known = client ? `, the local proxy ${client.name} sets up` : '';
    return makeFinding('vpn.loopback_proxy', {
      subject: endpoint.display,
      summary: `The system proxy points at ${endpoint.display} on this laptop${known} (${endpoint.sources.join(', ')}): traffic leaves through a local relay such as a VPN client.${allowed ? ' The policy allows this client, so this is informational.' : ''}`,
      evidence: {
        server: endpoint.display,
        host: endpoint.host,
        port: endpoint.port,
        kinds: endpoint.kinds,
        sources: endpoint.sources,
        clientId: client?.id,
        clientName: client?.name,
        policyAllowsClient: client ? allowed : undefined,
      },
      ...(allowed ? { severity: 'info' as const } : {}),
    });
  });
}
