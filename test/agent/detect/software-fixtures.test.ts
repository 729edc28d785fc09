// The VPN, proxy, location and remote-access checks over the constructed Linux trees, read by the
// real probes (collectFacts with a root) and judged by the whole detect().
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import { detect } from '../../../agent/detect/index.js';
import { collectFacts } from '../../../agent/probes/index.js';
import { fixtureRoot } from '../probes/helpers/paths.js';
import { DEFAULT_POLICY, policy } from './facts-builder.js';

const MINE = /^(vpn\.(client_running|client_installed|loopback_proxy|system_proxy)|location\.|remote_access\.(installed|service_listening|session_active|sanctioned))/;

async function scan(name: string, pol = DEFAULT_POLICY) {
  const findings = detect(await collectFacts({ root: fixtureRoot(name), platform: 'linux' }), pol);
  for (const f of findings) Finding.parse(f);
  return findings.filter((f) => MINE.test(f.signal));
}

describe('software, proxy and location findings over the Linux fixtures', () => {
  it('normal laptop: none, even with a location policy it satisfies', async () => {
    expect(await scan('normal-laptop')).toEqual([]);
    expect(await scan('normal-laptop', policy({ location: { expectedTimezones: ['America/*'], expectedLocales: ['en-US'] } }))).toEqual([]);
  });

  it('vpn laptop: Astrill installed with its loopback proxy, OpenVPN running, Korean input', async () => {
    const findings = await scan('vpn-laptop');
    expect(findings.map((f) => [f.signal, f.severity, f.subject])).toEqual([
      ['vpn.loopback_proxy', 'high', '127.0.0.1:12344'],
      ['location.locale_mismatch', 'low', 'Korean input'],
      ['vpn.client_installed', 'low', 'Astrill VPN'],
      ['vpn.client_running', 'low', 'OpenVPN'],
    ]);
    const byId = Object.fromEntries(findings.map((f) => [f.signal, f]));
    expect(byId['vpn.loopback_proxy']!.evidence).toMatchObject({ clientName: 'Astrill VPN', sources: ['etc-environment'], kinds: ['http', 'https'] });
    expect(byId['vpn.client_installed']!.evidence).toMatchObject({ items: ['Astrill (usr-local: /usr/local/Astrill)'] });
    expect(byId['location.locale_mismatch']!.evidence).toMatchObject({ inputMethods: ['kr(kr104)'] });
    expect(byId['vpn.client_running']!.evidence).toMatchObject({ pids: ['3100'], dnsServers: ['192.168.1.1'] });
  });

  it('vpn laptop under a policy that expects Korea and allows Astrill and OpenVPN: informational only', async () => {
    const findings = await scan('vpn-laptop', policy({ vpn: { allowedClients: ['astrill', 'openvpn'] }, location: { expectedLocales: ['en-US', 'ko-KR'] } }));
    expect(findings.map((f) => [f.signal, f.severity])).toEqual([
      ['vpn.client_installed', 'info'], ['vpn.client_running', 'info'], ['vpn.loopback_proxy', 'info'],
    ]);
  });
});
