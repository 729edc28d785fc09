// Any other configured system proxy (explicit or PAC): traffic leaves through a host that is not
// the local network's gateway. Web-proxy auto-discovery (`auto`, WPAD) is on by default on
// Windows and names no server, so it is not reported.
import type { Facts, Finding } from '../../shared/index.js';
import { isLoopbackHost } from './address.js';
import { makeFinding } from './finding.js';
import { proxyEndpoints } from './proxy.js';

export function detectSystemProxy(facts: Facts): Finding[] {
  const configured = facts.proxies.filter((p) => p.kind !== 'auto');
  return proxyEndpoints(configured).filter((e) => !isLoopbackHost(e.host)).map((endpoint) => {
    const pac = endpoint.kinds.includes('pac');
    return makeFinding('vpn.system_proxy', {
      subject: endpoint.display,
      summary: `A system ${pac ? 'proxy auto-config (PAC) file' : 'proxy'} is configured: ${endpoint.display} (${endpoint.sources.join(', ')}).`,
      evidence: { server: endpoint.display, host: endpoint.host, port: endpoint.port, kinds: endpoint.kinds, sources: endpoint.sources },
    });
  });
}
