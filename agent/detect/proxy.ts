// Proxy settings as endpoints: parses the `server` of ProxyFact (host:port, a URL, a PAC URL or a
// Windows `http=host:port;https=...` list), drops any credentials, and groups the settings that
// point at one endpoint so env, /etc/environment, WinINET... give one finding per proxy.
import type { ProxyFact } from '../../shared/index.js';

export interface ProxyEndpoint {
  /** Lowercase host (IPv6 without brackets). */
  host: string;
  port?: number;
  /** `host:port`, or the PAC URL without credentials: what the evidence shows. */
  display: string;
  kinds: ProxyFact['kind'][];
  sources: string[];
}

/** Splits `server` into the endpoints it names. */
export function parseProxyServer(server: string): { host: string; port?: number; display: string }[] {
  return server.split(';').map((part) => part.trim().replace(/^[a-z]+=(?!\/)/i, '')).filter((part) => part !== '').flatMap((part) => {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(part)?.[0] ?? '';
    const rest = part.slice(scheme.length).replace(/^[^@/]*@/, '');
    const authority = rest.split(/[/?#]/)[0] ?? '';
    let host: string;
    let portText: string | undefined;
    if (authority.startsWith('[')) {
      host = authority.slice(1, authority.indexOf(']'));
      portText = /\]:(\d+)$/.exec(authority)?.[1];
    } else if ((authority.match(/:/g) ?? []).length > 1) {
      host = authority;
    } else {
      [host = '', portText] = authority.split(':') as [string, string | undefined];
    }
    host = host.toLowerCase();
    if (host === '') return [];
    const port = portText === undefined || portText === '' ? undefined : Number(portText);
    const hostPort = `${host.includes(':') ? `[${host}]` : host}${port === undefined ? '' : `:${port}`}`;
    // A PAC URL keeps its path (the analyst may need it); credentials never leave the laptop.
    const path = rest.slice(authority.length);
    const display = scheme && path !== '' && path !== '/' ? `${scheme}${hostPort}${path}` : hostPort;
    return [{ host, port, display }];
  });
}

export function proxyEndpoints(proxies: readonly ProxyFact[]): ProxyEndpoint[] {
  const byDisplay = new Map<string, ProxyEndpoint>();
  for (const proxy of proxies) {
    for (const parsed of parseProxyServer(proxy.server)) {
      const endpoint = byDisplay.get(parsed.display) ?? { ...parsed, kinds: [], sources: [] };
      if (!endpoint.kinds.includes(proxy.kind)) endpoint.kinds.push(proxy.kind);
      if (!endpoint.sources.includes(proxy.source)) endpoint.sources.push(proxy.source);
      byDisplay.set(parsed.display, endpoint);
    }
  }
  return [...byDisplay.values()].map((e) => ({ ...e, kinds: [...e.kinds].sort(), sources: [...e.sources].sort() }));
}
