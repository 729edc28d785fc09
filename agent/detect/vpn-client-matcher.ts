// Matches processes and installed items against the VPN client catalogue, reusing the
// remote-access matcher for names and install paths. Anything the remote-access catalogue already
// attributes (Tailscale, ZeroTier) is left to the remote-access checks, so it is reported once.
import type { Platform, Policy, ProcessFact } from '../../shared/index.js';
import { VPN_CLIENTS } from '../catalogues/vpn-clients.js';
import type { VpnClient } from '../catalogues/vpn-clients.js';
import type { InstalledItem } from './installed-items.js';
import { serviceBaseName } from './installed-items.js';
import { RemoteAccessMatcher } from './remote-access-matcher.js';
import { looseKey } from './remote-access-sanction.js';
import { remoteAccessMatchesOf, remoteAccessToolsOfItem } from './remote-access-tools.js';

export interface VpnMatch {
  client: VpnClient;
  /** How it matched, for the analyst. */
  reason: string;
}

const matcher = new RemoteAccessMatcher<VpnClient>(VPN_CLIENTS);
const NO_TRUNCATION = { commTruncation: false } as const;

/** `prefix` starts `name` and ends at a word boundary (`OpenVPN` ~ `OpenVPN 2.6.8`, not `OpenVPNX`). */
function startsWithWord(name: string, prefix: string): boolean {
  const n = name.trim().toLowerCase();
  const p = prefix.toLowerCase();
  return n.startsWith(p) && (n.length === p.length || !/[a-z0-9]/.test(n[p.length] as string));
}

function dedupe(matches: VpnMatch[]): VpnMatch[] {
  const byClient = new Map<string, VpnMatch>();
  for (const m of matches) if (!byClient.has(m.client.id)) byClient.set(m.client.id, m);
  return [...byClient.values()];
}

export function matchVpnProcess(process: ProcessFact, platform: Platform): VpnMatch[] {
  if (remoteAccessMatchesOf(process, platform).length) return [];
  return matcher.match(process, platform).map((m) => ({ client: m.tool, reason: m.reason }));
}

export function matchVpnItem(item: InstalledItem, platform: Platform): VpnMatch[] {
  if (remoteAccessToolsOfItem(item, platform).length) return [];
  const found: VpnMatch[] = [];
  for (const name of item.names) {
    for (const m of matcher.match({ name, path: item.path }, platform, NO_TRUNCATION)) found.push({ client: m.tool, reason: `${item.kind} ${m.reason}` });
    for (const client of VPN_CLIENTS) {
      const app = client.appNames.find((prefix) => startsWithWord(name, prefix));
      if (item.kind === 'app' && app) found.push({ client, reason: `app name:${name} ~ ${app}` });
      const service = client.services.find((s) => s.toLowerCase() === serviceBaseName(name).toLowerCase());
      if (item.kind === 'service' && service) found.push({ client, reason: `service:${name} = ${service}` });
      const bundle = client.bundleIds.find((b) => b.toLowerCase() === name.trim().toLowerCase());
      if (bundle) found.push({ client, reason: `bundle id:${bundle}` });
    }
  }
  return dedupe(found);
}

/** Whether policy.vpn.allowedClients names this client (id, name or alias; case and punctuation ignored). */
export function isAllowedClient(client: VpnClient, policy: Policy): boolean {
  const names = new Set([client.id, client.name, ...client.aliases].map(looseKey));
  return policy.vpn.allowedClients.some((a) => looseKey(a) !== '' && names.has(looseKey(a)));
}
