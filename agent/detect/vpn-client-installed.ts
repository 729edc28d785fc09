// VPN clients installed but not running: installed programs, services and install directories
// (agent/catalogues/vpn-clients.ts). A running client is reported by vpn.client_running instead.
// Clients the policy allows are `info`.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import type { VpnClient } from '../catalogues/vpn-clients.js';
import { makeFinding, unique } from './finding.js';
import { installedItems } from './installed-items.js';
import type { InstalledItem } from './installed-items.js';
import { isAllowedClient, matchVpnItem } from './vpn-client-matcher.js';
import { runningVpnClients } from './vpn-client-running.js';

interface Hit {
  client: VpnClient;
  items: InstalledItem[];
  reasons: string[];
}

const describeItem = (item: InstalledItem) => `${item.label} (${item.source}${item.path ? `: ${item.path}` : ''})`;

export function detectVpnClientInstalled(facts: Facts, policy: Policy): Finding[] {
  const running = runningVpnClients(facts);
  const hits = new Map<string, Hit>();
  for (const item of installedItems(facts)) {
    for (const { client, reason } of matchVpnItem(item, facts.platform)) {
      if (running.has(client.id)) continue;
      const hit = hits.get(client.id) ?? { client, items: [], reasons: [] };
      hit.items.push(item);
      hit.reasons.push(reason);
      hits.set(client.id, hit);
    }
  }
  return [...hits.values()].map(({ client, items, reasons }) => {
    const allowed = isAllowedClient(client, policy);
    const described = unique(items.map(describeItem)).sort();
    return makeFinding('vpn.client_installed', {
      subject: client.name,
      summary: `${client.name} is installed but not running: ${described.slice(0, 3).join('; ')}${described.length > 3 ? '; …' : ''}.${allowed ? ' The policy allows this client, so this is informational.' : ''}`,
      evidence: {
        clientId: client.id,
        clientName: client.name,
        kind: client.kind,
        items: described,
        paths: unique(items.flatMap((i) => (i.path ? [i.path] : []))).sort(),
        sources: unique(items.map((i) => i.source)).sort(),
        matchedBy: unique(reasons).sort(),
        localProxies: client.localProxies.map((p) => `${p.host}:${p.port}`),
        policyAllowsClient: allowed,
      },
      ...(allowed ? { severity: 'info' as const } : {}),
    });
  });
}
