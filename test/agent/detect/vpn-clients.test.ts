import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { InstalledAppFact, Platform, ProcessFact, ServiceFact } from '../../../shared/index.js';
import { VPN_CLIENTS } from '../../../agent/catalogues/vpn-clients.js';
import { REMOTE_ACCESS_MATCHER } from '../../../agent/detect/remote-access.js';
import { detectVpnClientInstalled } from '../../../agent/detect/vpn-client-installed.js';
import { detectVpnClientRunning } from '../../../agent/detect/vpn-client-running.js';
import { buildFacts, DEFAULT_POLICY, policy, proc } from './facts-builder.js';

const valid = (findings: Finding[]) => {
  for (const f of findings) Finding.parse(f);
  return findings;
};
const running = (platform: Platform, processes: ProcessFact[], pol = DEFAULT_POLICY, dnsServers: string[] = []) =>
  valid(detectVpnClientRunning(buildFacts({ platform, processes, dnsServers }), pol));
const installed = (platform: Platform, extra: { apps?: InstalledAppFact[]; services?: ServiceFact[]; processes?: ProcessFact[] }, pol = DEFAULT_POLICY) =>
  valid(detectVpnClientInstalled(buildFacts({ platform, installedApps: extra.apps ?? [], services: extra.services ?? [], processes: extra.processes ?? [] }), pol));

describe('VPN client catalogue', () => {
  it('names every client by at least one process and one install path or program name, with unique ids', () => {
    expect(new Set(VPN_CLIENTS.map((c) => c.id)).size).toBe(VPN_CLIENTS.length);
    for (const c of VPN_CLIENTS) {
      expect(c.processes.length, c.id).toBeGreaterThan(0);
      expect(c.installPaths.length + c.appNames.length, c.id).toBeGreaterThan(0);
    }
    expect(VPN_CLIENTS[0]).toMatchObject({ id: 'astrill', localProxies: [{ host: '127.0.0.1', port: 12344 }] });
  });

  it('leaves no consumer or protocol client name to the remote-access catalogue (only overlays overlap)', () => {
    for (const c of VPN_CLIENTS.filter((x) => x.kind !== 'overlay')) {
      for (const name of c.processes) expect(REMOTE_ACCESS_MATCHER.match({ name }, 'win32'), `${c.id} ${name}`).toEqual([]);
    }
  });
});

describe('vpn.client_running', () => {
  it.each([
    ['win32', 'astrill', { name: 'astrill.exe', path: 'C:\\Program Files (x86)\\Astrill\\astrill.exe' }],
    ['linux', 'astrill', { name: 'astrill', path: '/usr/local/Astrill/astrill' }],
    ['darwin', 'astrill', { name: 'Astrill', path: '/Applications/Astrill.app/Contents/MacOS/Astrill' }],
    ['linux', 'nordvpn', { name: 'nordvpnd', path: '/usr/sbin/nordvpnd' }],
    ['win32', 'nordvpn', { name: 'nordvpn-service.exe' }],
    ['linux', 'expressvpn', { name: 'expressvpnd' }],
    ['win32', 'surfshark', { name: 'Surfshark.Service.exe' }],
    ['win32', 'protonvpn', { name: 'ProtonVPNService.exe' }],
    ['linux', 'pia', { name: 'pia-daemon', path: '/opt/piavpn/bin/pia-daemon' }],
    ['darwin', 'mullvad', { name: 'mullvad-daemon', path: '/Applications/Mullvad VPN.app/Contents/Resources/mullvad-daemon' }],
    ['win32', 'windscribe', { name: 'WindscribeService.exe' }],
    ['win32', 'ipvanish', { name: 'IPVanish.exe' }],
    ['win32', 'tunnelbear', { name: 'TunnelBear.exe' }],
    ['win32', 'vyprvpn', { name: 'VyprVPN.exe' }],
    ['win32', 'wireguard', { name: 'wireguard.exe', path: 'C:\\Program Files\\WireGuard\\wireguard.exe' }],
    ['linux', 'cloudflare-warp', { name: 'warp-svc', path: '/usr/bin/warp-svc' }],
    ['darwin', 'tailscale', { name: 'Tailscale', path: '/Applications/Tailscale.app/Contents/MacOS/Tailscale' }],
    ['win32', 'openvpn', { name: 'OpenVPNConnect.exe' }],
  ] as const)('%s: %s from %j', (platform, id, process) => {
    const findings = running(platform, [proc(process.name, 'path' in process ? { path: process.path } : {})]);
    expect(findings.map((f) => [f.signal, f.evidence.clientId])).toEqual([['vpn.client_running', id]]);
  });

  it('is medium for consumer clients, names Astrill\'s local proxy and the DNS servers in evidence', () => {
    const [finding] = running('win32', [proc('astrill.exe', { pid: 4100, path: 'C:\\Program Files (x86)\\Astrill\\astrill.exe', user: 'sam' })], DEFAULT_POLICY, ['127.0.0.1']);
    expect(finding).toMatchObject({
      signal: 'vpn.client_running', severity: 'medium', category: 'vpn', subject: 'Astrill VPN',
      evidence: { clientId: 'astrill', kind: 'consumer', pids: ['4100'], users: ['sam'], localProxies: ['127.0.0.1:12344'], dnsServers: ['127.0.0.1'], policyAllowsClient: false },
    });
    expect(finding!.summary).toBe('Astrill VPN, a consumer VPN client, is running (pid 4100).');
  });

  it('is low for generic VPN software, info for clients the policy allows', () => {
    expect(running('linux', [proc('openvpn', { path: '/usr/sbin/openvpn' })])[0]).toMatchObject({ severity: 'low', subject: 'OpenVPN' });
    for (const allowed of ['nordvpn', 'NordVPN', 'nord-vpn']) {
      const [f] = running('linux', [proc('nordvpnd')], policy({ vpn: { allowedClients: [allowed] } }));
      expect(f).toMatchObject({ severity: 'info', evidence: { policyAllowsClient: true } });
      expect(f!.summary).toContain('policy allows');
    }
  });

  it('groups the processes of one client into one finding', () => {
    const findings = running('win32', [proc('ProtonVPN.exe'), proc('ProtonVPNService.exe'), proc('ProtonVPN.WireGuardService.exe')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.processNames).toEqual(['ProtonVPN.exe', 'ProtonVPNService.exe', 'ProtonVPN.WireGuardService.exe']);
  });

  it('leaves tools the remote-access catalogue reports (tailscaled, zerotier-one) to it', () => {
    expect(running('linux', [proc('tailscaled', { path: '/usr/sbin/tailscaled' }), proc('zerotier-one')])).toEqual([]);
  });

  it('ignores ordinary processes, including VPN-looking names that are not clients', () => {
    const ordinary = ['NetworkManager', 'nm-openvpn-service', 'mullvadbrowser', 'firefox', 'systemd-resolved', 'svchost.exe', 'openvpn-helper', 'wg', 'Finder', 'node'];
    expect(running('linux', ordinary.map((n) => proc(n, { path: `/usr/bin/${n}` })))).toEqual([]);
    expect(running('win32', ordinary.map((n) => proc(n)))).toEqual([]);
  });
});

describe('vpn.client_installed', () => {
  const app = (name: string, source: string, path?: string): InstalledAppFact => ({ name, source, ...(path ? { path } : {}) });
  const service = (name: string, extra: Partial<ServiceFact> = {}): ServiceFact => ({ name, state: 'stopped', startType: 'auto', ...extra });

  it('finds clients by program name, install path, service and bundle', () => {
    const findings = installed('win32', {
      apps: [app('NordVPN', 'uninstall-registry', 'C:\\Program Files\\NordVPN'), app('OpenVPN 2.6.8-I001 amd64', 'uninstall-registry')],
      services: [service('WireGuardTunnel$wg0', { path: '"C:\\Program Files\\WireGuard\\wireguard.exe" /tunnelservice "C:\\x.conf"' }), service('ExpressVpnService')],
    });
    expect(findings.map((f) => [f.signal, f.severity, f.subject]).sort()).toEqual([
      ['vpn.client_installed', 'low', 'ExpressVPN'],
      ['vpn.client_installed', 'low', 'NordVPN'],
      ['vpn.client_installed', 'low', 'OpenVPN'],
      ['vpn.client_installed', 'low', 'WireGuard'],
    ]);
    const nord = findings.find((f) => f.subject === 'NordVPN')!;
    expect(nord.evidence).toMatchObject({ items: ['NordVPN (uninstall-registry: C:\\Program Files\\NordVPN)'], sources: ['uninstall-registry'] });
    expect(nord.summary).toBe('NordVPN is installed but not running: NordVPN (uninstall-registry: C:\\Program Files\\NordVPN).');
  });

  it('finds Linux and macOS installs: /usr/local/Astrill, /opt/piavpn, systemd templates, .app bundles', () => {
    const linux = installed('linux', {
      apps: [app('Astrill', 'usr-local', '/usr/local/Astrill'), app('piavpn', 'opt', '/opt/piavpn'), app('Proton VPN', 'desktop-entry', '/usr/bin/protonvpn-app')],
      services: [service('openvpn-client@work.service', { path: '/usr/sbin/openvpn' })],
    });
    expect(linux.map((f) => f.evidence.clientId).sort()).toEqual(['astrill', 'openvpn', 'pia', 'protonvpn']);
    expect(linux.find((f) => f.subject === 'Astrill VPN')!.evidence.localProxies).toEqual(['127.0.0.1:12344']);
    const mac = installed('darwin', { apps: [app('Surfshark', 'applications', '/Applications/Surfshark.app'), app('com.wireguard.macos', 'applications')] });
    expect(mac.map((f) => f.subject).sort()).toEqual(['Surfshark', 'WireGuard']);
  });

  it('is not reported while the client runs (vpn.client_running covers it)', () => {
    expect(installed('linux', { apps: [app('NordVPN', 'desktop-entry', '/usr/bin/nordvpn-gui')], processes: [proc('nordvpnd')] })).toEqual([]);
  });

  it('reports clients the policy allows as info', () => {
    const [f] = installed('win32', { apps: [app('Cloudflare WARP', 'uninstall-registry')] }, policy({ vpn: { allowedClients: ['WARP'] } }));
    expect(f).toMatchObject({ subject: 'Cloudflare WARP', severity: 'info', evidence: { policyAllowsClient: true } });
  });

  it('ignores other software and leaves remote-access tools (Tailscale, ZeroTier One) to the remote-access checks', () => {
    expect(installed('win32', {
      apps: [app('Mullvad Browser', 'uninstall-registry'), app('Microsoft Edge', 'uninstall-registry'), app('OpenVPNX', 'x'), app('Tailscale', 'uninstall-registry'), app('ZeroTier One', 'uninstall-registry')],
      services: [service('Dnscache'), service('nordlocker-service')],
    })).toEqual([]);
  });
});
