import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { ProxyFact } from '../../../shared/index.js';
import { parseProxyServer } from '../../../agent/detect/proxy.js';
import { detectLoopbackProxy } from '../../../agent/detect/vpn-loopback-proxy.js';
import { detectSystemProxy } from '../../../agent/detect/vpn-system-proxy.js';
import { buildFacts, DEFAULT_POLICY, policy } from './facts-builder.js';

const px = (server: string, kind: ProxyFact['kind'] = 'http', source = 'env'): ProxyFact => ({ source, kind, server });
const loopback = (proxies: ProxyFact[], pol = DEFAULT_POLICY) => detectLoopbackProxy(buildFacts({ proxies }), pol).map((f) => Finding.parse(f));
const system = (proxies: ProxyFact[]) => detectSystemProxy(buildFacts({ proxies })).map((f) => Finding.parse(f));

describe('vpn.loopback_proxy', () => {
  it('names Astrill for 127.0.0.1:12344, one finding for every setting that points there', () => {
    const findings = loopback([px('127.0.0.1:12344'), px('127.0.0.1:12344', 'https'), px('http=127.0.0.1:12344;https=127.0.0.1:12344', 'http', 'wininet')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      signal: 'vpn.loopback_proxy', severity: 'high', subject: '127.0.0.1:12344',
      evidence: { server: '127.0.0.1:12344', host: '127.0.0.1', port: 12344, kinds: ['http', 'https'], sources: ['env', 'wininet'], clientId: 'astrill', clientName: 'Astrill VPN', policyAllowsClient: false },
    });
    expect(findings[0]!.summary).toContain('the local proxy Astrill VPN sets up');
  });

  it('flags any loopback listener: localhost, 127.x, ::1, a local PAC URL', () => {
    const findings = loopback([px('localhost:3128'), px('127.0.1.1:8888', 'socks'), px('[::1]:8080'), px('http://127.0.0.1:9000/proxy.pac', 'pac', 'wininet')]);
    expect(findings.map((f) => f.subject).sort()).toEqual(['127.0.1.1:8888', '[::1]:8080', 'http://127.0.0.1:9000/proxy.pac', 'localhost:3128']);
    expect(findings.every((f) => f.severity === 'high' && f.evidence.clientId === undefined)).toBe(true);
  });

  it('is info when the policy allows the client that owns the port', () => {
    expect(loopback([px('127.0.0.1:12344')], policy({ vpn: { allowedClients: ['Astrill'] } }))[0]).toMatchObject({ severity: 'info', evidence: { policyAllowsClient: true } });
    expect(loopback([px('127.0.0.1:3128')], policy({ vpn: { allowedClients: ['Astrill'] } }))[0]?.severity).toBe('high');
  });

  it('ignores remote proxies and no proxy at all', () => {
    expect(loopback([px('proxy.corp:8080'), px('10.1.2.3:3128'), px('http://wpad.corp/wpad.dat', 'pac'), px('127.example.com:80')])).toEqual([]);
    expect(loopback([])).toEqual([]);
  });
});

describe('vpn.system_proxy', () => {
  it('reports a configured proxy and a remote PAC file, low, without credentials', () => {
    const findings = system([px('http://bob:s3cret@proxy.corp:3128/', 'http', 'etc-environment'), px('proxy.corp:3128', 'https', 'winhttp'), px('https://pac.corp/proxy.pac', 'pac', 'wininet')]);
    expect(findings.map((f) => [f.signal, f.severity, f.subject])).toEqual([
      ['vpn.system_proxy', 'low', 'proxy.corp:3128'],
      ['vpn.system_proxy', 'low', 'https://pac.corp/proxy.pac'],
    ]);
    expect(findings[0]!.evidence).toMatchObject({ kinds: ['http', 'https'], sources: ['etc-environment', 'winhttp'] });
    expect(JSON.stringify(findings)).not.toContain('s3cret');
    expect(findings[1]!.summary).toContain('PAC');
  });

  it('ignores WPAD auto-detection, loopback proxies (their own signal) and no proxy', () => {
    expect(system([px('WPAD', 'auto', 'wininet'), px('127.0.0.1:12344')])).toEqual([]);
    expect(system([])).toEqual([]);
  });
});

describe('proxy server strings', () => {
  it.each([
    ['127.0.0.1:12344', [{ host: '127.0.0.1', port: 12344, display: '127.0.0.1:12344' }]],
    ['socks5://u:p@[::1]:1080', [{ host: '::1', port: 1080, display: '[::1]:1080' }]],
    ['http=a:1;https=b:2', [{ host: 'a', port: 1, display: 'a:1' }, { host: 'b', port: 2, display: 'b:2' }]],
    ['fe80::1', [{ host: 'fe80::1', port: undefined, display: '[fe80::1]' }]],
    ['http://pac.corp/x.pac?u=1', [{ host: 'pac.corp', port: undefined, display: 'http://pac.corp/x.pac?u=1' }]],
    ['', []],
  ])('%s', (server, expected) => {
    expect(parseProxyServer(server)).toEqual(expected);
  });
});
