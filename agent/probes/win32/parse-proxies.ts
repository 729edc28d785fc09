// System proxies: WinINET per user hive (ProxyEnable + ProxyServer, AutoConfigURL, the WPAD bit
// of DefaultConnectionSettings) and WinHTTP (`netsh winhttp show proxy`, read by structure
// because its labels are translated: the first `label : value` line holds the server list).
import type { ProxyFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';
import { bytes, int, lines, optionalSection, records, section, str, type Win32Document } from './document.js';

type Kind = ProxyFact['kind'];
const KINDS: Record<string, Kind> = { http: 'http', https: 'https', socks: 'socks' };
/** DefaultConnectionSettings byte 8: 0x08 = automatically detect settings (WPAD). */
const AUTO_DETECT = 0x08;

/** `host:port` (all protocols) or `http=host:port;https=host:port;socks=host:port`. */
export function parseProxyList(value: string, source: string): ProxyFact[] {
  const facts: ProxyFact[] = [];
  for (const part of value.split(/[;\s]+/).filter(Boolean)) {
    const at = part.indexOf('=');
    const kind = at < 0 ? 'http' : KINDS[part.slice(0, at).toLowerCase()];
    const server = (at < 0 ? part : part.slice(at + 1)).replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '');
    if (kind !== undefined && server !== '') facts.push({ source, kind, server: clip(server, 1024) });
  }
  return facts;
}

export function parseWinHttpProxy(text: string): ProxyFact[] {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(.+?)\s+:\s+(.*\S)\s*$/.exec(line);
    if (match) return parseProxyList(match[2]!, 'winhttp');
  }
  return [];
}

export function parseWin32Proxies(document: Win32Document, warn?: (message: string) => void): ProxyFact[] {
  const facts: ProxyFact[] = [];
  for (const user of records(section(document, 'wininet'))) {
    const server = str(user.proxyServer);
    if (int(user.proxyEnable) === 1 && server !== undefined) facts.push(...parseProxyList(server, 'wininet'));
    const pac = str(user.autoConfigUrl);
    if (pac !== undefined) facts.push({ source: 'wininet', kind: 'pac', server: clip(pac, 1024) });
    const settings = bytes(user.defaultConnectionSettings);
    if (settings !== undefined && settings.length > 8 && (settings[8]! & AUTO_DETECT) !== 0) facts.push({ source: 'wininet', kind: 'auto', server: 'WPAD' });
  }
  facts.push(...parseWinHttpProxy(lines(optionalSection(document, 'winhttp', warn))));
  const unique = new Map(facts.map((f) => [`${f.source} ${f.kind} ${f.server}`, f]));
  return [...unique.values()].slice(0, 32);
}
