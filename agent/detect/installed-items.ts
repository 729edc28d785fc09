// Installed programs and services as one list of named items with an executable or install path,
// the shape the catalogue matchers read. Service names lose their unit suffix and instance
// (`openvpn-client@work.service` -> `openvpn-client`, `WireGuardTunnel$wg0` -> `WireGuardTunnel`);
// service paths keep only the executable of their command line.
import type { Facts } from '../../shared/index.js';

export interface InstalledItem {
  kind: 'app' | 'service';
  /** As the facts give it, for evidence. */
  label: string;
  /** Names to match: the name itself and, for apps, the name without a trailing version. */
  names: string[];
  path?: string;
  signer?: string;
  /** `desktop-entry`, `uninstall-registry`, `opt`, ... or `service`. */
  source: string;
  /** Services: enabled to start automatically or running. */
  active?: boolean;
}

/** `C:\Program Files\X\x.exe" --service` and `/usr/bin/x --flag` -> the executable. */
export function executableOf(commandLine: string): string {
  const line = commandLine.trim();
  const quoted = /^"([^"]+)"/.exec(line);
  if (quoted) return quoted[1] as string;
  const exe = /^(.*?\.exe)(\s|$)/i.exec(line);
  if (exe) return exe[1] as string;
  return line.split(/\s+/)[0] ?? line;
}

export const serviceBaseName = (name: string) => name.trim().replace(/\.service$/i, '').replace(/[@$].*$/, '');

/** `TeamViewer 15`, `OpenVPN 2.6.8-I001 amd64` -> `TeamViewer`, `OpenVPN`. */
const withoutVersion = (name: string) => name.replace(/\s+v?\d+(\.\d+)*\b.*$/i, '').trim();

const itemsByFacts = new WeakMap<Facts, InstalledItem[]>();

/** The installed items of the facts, built once per facts object (several checks read them). */
export function installedItems(facts: Facts): InstalledItem[] {
  const cached = itemsByFacts.get(facts);
  if (cached) return cached;
  const apps: InstalledItem[] = facts.installedApps.map((app) => ({
    kind: 'app',
    label: app.name,
    names: [...new Set([app.name, withoutVersion(app.name)].filter((n) => n !== ''))],
    path: app.path,
    signer: app.signer,
    source: app.source,
  }));
  const services: InstalledItem[] = facts.services.map((service) => ({
    kind: 'service',
    label: service.name,
    names: [...new Set([serviceBaseName(service.name), ...(service.displayName ? [service.displayName] : [])])],
    path: service.path ? executableOf(service.path) : undefined,
    source: 'service',
    active: service.state === 'running' || service.startType === 'auto',
  }));
  const items = [...apps, ...services];
  itemsByFacts.set(facts, items);
  return items;
}
