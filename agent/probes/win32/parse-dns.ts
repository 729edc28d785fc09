// Get-DnsClientServerAddress -> the distinct DNS servers of every interface. The site-local
// fec0:0:0:ffff::1-3 placeholders Windows lists on unconfigured IPv6 interfaces are dropped.
import { clip } from '../util/text.js';
import { records, section, strings, type Win32Document } from './document.js';

const PLACEHOLDER = /^fec0:0:0:ffff::[123](%\d+)?$/i;

export function parseWin32DnsServers(document: Win32Document): string[] {
  const servers = new Set<string>();
  for (const entry of records(section(document, 'dns'))) {
    for (const server of strings(entry.servers)) if (!PLACEHOLDER.test(server)) servers.add(clip(server, 64));
  }
  return [...servers].slice(0, 32);
}
