// Proxy settings on Linux: the system-wide /etc/environment and, on the live system, the agent's
// own environment (http_proxy, https_proxy, all_proxy in either case). Only host:port is kept:
// credentials in a proxy URL never enter the facts. no_proxy has no place in ProxyFact and desktop
// settings (GNOME's dconf database in each home) are not read.
import type { ProxyFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip } from '../util/text.js';

const VARIABLES: Record<string, ProxyFact['kind']> = { http_proxy: 'http', https_proxy: 'https', all_proxy: 'http' };
const MAX_PROXIES = 32;

/** `KEY=value`, `KEY="value"` and `export KEY=value` lines. */
export function parseEnvironmentFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) values.set(match[1] as string, (match[2] as string).trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  return values;
}

/** `http://user:pw@host:3128/` -> `host:3128`; a socks scheme makes the kind `socks`. */
export function proxyFromUrl(value: string, kind: ProxyFact['kind'], source: string): ProxyFact | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  const authority = (value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0] ?? '').replace(/^.*@/, '');
  if (authority === '') return undefined;
  return { source, kind: scheme?.startsWith('socks') ? 'socks' : kind, server: clip(authority, 1024) };
}

export function proxiesFromVariables(values: ReadonlyMap<string, string>, source: string): ProxyFact[] {
  const facts: ProxyFact[] = [];
  for (const [name, value] of values) {
    const kind = VARIABLES[name.toLowerCase()];
    const fact = kind === undefined || value.trim() === '' ? undefined : proxyFromUrl(value.trim(), kind, source);
    if (fact) facts.push(fact);
  }
  return facts;
}

export async function probeLinuxProxies(_context: ProbeContext, fs: RootedFs): Promise<ProxyFact[]> {
  const environment = await fs.text('/etc/environment');
  const facts = [
    ...(environment === undefined ? [] : proxiesFromVariables(parseEnvironmentFile(environment), 'etc-environment')),
    // The agent's environment describes this system only when not reading a fixture.
    ...(fs.isLive ? proxiesFromVariables(new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)), 'env') : []),
  ];
  const unique = new Map(facts.map((f) => [`${f.source} ${f.kind} ${f.server}`, f]));
  return [...unique.values()].slice(0, MAX_PROXIES);
}
