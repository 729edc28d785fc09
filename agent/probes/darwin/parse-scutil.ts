// `scutil --proxy` and `scutil --dns`, printed as `<dictionary> { Key : value ... }` text.
import type { ProxyFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';

/** The top-level `Key : value` pairs of a scutil dictionary (nested arrays/dictionaries skipped). */
export function scutilTopLevel(text: string): Map<string, string> {
  const values = new Map<string, string>();
  let depth = 0;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '}') {
      depth -= 1;
      continue;
    }
    const match = /^(\S+)\s+:\s+(.*)$/.exec(trimmed);
    if (depth === 1 && match) values.set(match[1]!, match[2]!);
    if (trimmed.endsWith('{')) depth += 1;
  }
  return values;
}

const PROXIES: { kind: ProxyFact['kind']; enable: string; host: string; port: string }[] = [
  { kind: 'http', enable: 'HTTPEnable', host: 'HTTPProxy', port: 'HTTPPort' },
  { kind: 'https', enable: 'HTTPSEnable', host: 'HTTPSProxy', port: 'HTTPSPort' },
  { kind: 'socks', enable: 'SOCKSEnable', host: 'SOCKSProxy', port: 'SOCKSPort' },
];

export function parseScutilProxy(text: string): ProxyFact[] {
  const values = scutilTopLevel(text);
  const facts: ProxyFact[] = [];
  for (const p of PROXIES) {
    const host = values.get(p.host);
    if (values.get(p.enable) !== '1' || host === undefined) continue;
    const port = values.get(p.port);
    facts.push({ source: 'scutil', kind: p.kind, server: clip(port ? `${host}:${port}` : host, 1024) });
  }
  const pac = values.get('ProxyAutoConfigURLString');
  if (values.get('ProxyAutoConfigEnable') === '1' && pac !== undefined) facts.push({ source: 'scutil', kind: 'pac', server: clip(pac, 1024) });
  if (values.get('ProxyAutoDiscoveryEnable') === '1') facts.push({ source: 'scutil', kind: 'auto', server: 'WPAD' });
  return facts;
}

/** Distinct `nameserver[n] : address` values of every resolver, in order. */
export function parseScutilDns(text: string): string[] {
  const servers = new Set<string>();
  for (const match of text.matchAll(/^\s*nameserver\[\d+\]\s*:\s*(\S+)\s*$/gm)) servers.add(clip(match[1]!.replace(/%.*$/, ''), 64));
  return [...servers].slice(0, 32);
}
