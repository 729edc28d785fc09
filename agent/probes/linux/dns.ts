// DNS servers from /etc/resolv.conf. When it points at systemd-resolved's local stub (127.0.0.53
// or 127.0.0.54), the upstream servers come from /run/systemd/resolve/resolv.conf instead.
import type { ProbeContext } from '../run-probe.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip } from '../util/text.js';

const RESOLVED_STUBS = new Set(['127.0.0.53', '127.0.0.54']);
const MAX_SERVERS = 32;

export function parseResolvConf(text: string): string[] {
  const servers = text.split('\n').flatMap((line) => {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    return match ? [clip(match[1] as string, 64)] : [];
  });
  return [...new Set(servers)];
}

export async function probeLinuxDns(_context: ProbeContext, fs: RootedFs): Promise<string[]> {
  const text = await fs.text('/etc/resolv.conf');
  const servers = text === undefined ? [] : parseResolvConf(text);
  if (servers.length > 0 && servers.every((s) => RESOLVED_STUBS.has(s))) {
    const upstream = await fs.text('/run/systemd/resolve/resolv.conf');
    const resolved = upstream === undefined ? [] : parseResolvConf(upstream);
    if (resolved.length > 0) return resolved.slice(0, MAX_SERVERS);
  }
  return servers.slice(0, MAX_SERVERS);
}
