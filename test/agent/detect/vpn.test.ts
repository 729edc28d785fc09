import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { Facts, InterfaceFact, RouteFact } from '../../../shared/index.js';
import { detectVpn } from '../../../agent/detect/vpn.js';
import { buildFacts, DEFAULT_POLICY, policy } from './facts-builder.js';

const nic = (name: string, kind: InterfaceFact['kind'], extra: Partial<InterfaceFact> = {}): InterfaceFact =>
  ({ name, kind, up: true, ipv4: [], ipv6: [], ...extra });
const route = (destination: string, iface: string, gateway?: string): RouteFact => ({ destination, interface: iface, ...(gateway ? { gateway } : {}) });

function run(facts: Partial<Facts>, pol = DEFAULT_POLICY) {
  const findings = detectVpn(buildFacts(facts), pol);
  for (const f of findings) Finding.parse(f);
  return findings;
}

const WIFI = nic('wlan0', 'wifi', { ipv4: ['192.168.1.20/24'] });

describe('VPN tunnels', () => {
  it('flags a full default route through a tunnel, and the tunnel itself', () => {
    const findings = run({
      interfaces: [WIFI, nic('tun0', 'tunnel', { ipv4: ['10.8.0.6/24'], driver: 'tun' })],
      routes: [route('0.0.0.0/0', 'tun0', '10.8.0.1'), route('192.168.1.0/24', 'wlan0')],
    });
    expect(findings.map((f) => [f.signal, f.severity, f.subject])).toEqual([
      ['vpn.default_route_tunnel', 'high', 'tun0'],
      ['vpn.tunnel_interface', 'low', 'tun0'],
    ]);
    expect(findings[0]!.evidence).toMatchObject({ interface: 'tun0', kind: 'tunnel', driver: 'tun', routes: ['0.0.0.0/0'], gateways: ['10.8.0.1'], split: false, policyAllowsVpn: false });
  });

  it('flags the OpenVPN split default 0.0.0.0/1 + 128.0.0.0/1', () => {
    const [finding] = run({
      interfaces: [WIFI, nic('tun0', 'tunnel', { ipv4: ['10.8.0.6/24'] })],
      routes: [route('0.0.0.0/0', 'wlan0', '192.168.1.1'), route('0.0.0.0/1', 'tun0'), route('128.0.0.0/1', 'tun0')],
    });
    expect(finding).toMatchObject({ signal: 'vpn.default_route_tunnel', evidence: { routes: ['0.0.0.0/1', '128.0.0.0/1'], split: true } });
    expect(finding!.summary).toContain('split');
  });

  it('recognises tunnels by name when the kind is not tunnel, and IPv6 defaults', () => {
    const findings = run({ interfaces: [nic('wg0', 'virtual', { ipv6: ['fd00::2/64'] })], routes: [route('::/0', 'wg0')] });
    expect(findings.map((f) => f.signal)).toEqual(['vpn.default_route_tunnel', 'vpn.tunnel_interface']);
    expect(findings[0]!.evidence).toMatchObject({ routes: ['::/0'], kind: 'virtual' });
  });

  it('recognises a Windows tunnel adapter by kind, and a route to an interface the facts do not list', () => {
    const windows = run({ platform: 'win32', interfaces: [nic('Mullvad', 'tunnel', { driver: 'Wintun', ipv4: ['10.64.1.2'] })], routes: [route('0.0.0.0/0', 'Mullvad')] });
    expect(windows.map((f) => f.subject)).toEqual(['Mullvad', 'Mullvad']);
    const unlisted = run({ routes: [route('0.0.0.0/0', 'ppp0')] });
    expect(unlisted).toHaveLength(1);
    expect(unlisted[0]).toMatchObject({ signal: 'vpn.default_route_tunnel', evidence: { kind: 'unknown' } });
  });

  it('reports VPNs the policy allows as info', () => {
    const findings = run({ interfaces: [nic('tun0', 'tunnel', { ipv4: ['10.8.0.6'] })], routes: [route('0.0.0.0/0', 'tun0')] }, policy({ vpn: { allowed: true } }));
    expect(findings.map((f) => [f.signal, f.severity, f.evidence.policyAllowsVpn])).toEqual([
      ['vpn.default_route_tunnel', 'info', true],
      ['vpn.tunnel_interface', 'info', true],
    ]);
    expect(findings[0]!.summary).toContain('policy allows');
  });

  it('ignores a normal laptop: default via Wi-Fi or Ethernet', () => {
    expect(run({
      interfaces: [nic('lo', 'loopback', { ipv4: ['127.0.0.1/8'] }), WIFI, nic('enp0s31f6', 'ethernet', { up: false }), nic('docker0', 'virtual', { ipv4: ['172.17.0.1/16'] })],
      routes: [route('0.0.0.0/0', 'wlan0', '192.168.1.1'), route('::/0', 'wlan0', 'fe80::1'), route('172.17.0.0/16', 'docker0')],
    })).toEqual([]);
  });

  it('ignores idle macOS utun interfaces (link-local only), down tunnels, and half a split', () => {
    expect(run({
      platform: 'darwin',
      interfaces: [nic('en0', 'wifi', { ipv4: ['192.168.1.5'] }), nic('utun0', 'tunnel', { ipv6: ['fe80::1%utun0'] }), nic('utun1', 'tunnel', { ipv6: ['fe80::2'] }), nic('tun0', 'tunnel', { up: false, ipv4: ['10.8.0.6'] })],
      routes: [
        route('default', 'en0', '192.168.1.1'), route('0.0.0.0/1', 'tun0'), route('10.8.0.0/24', 'tun0'),
        route('fe80::%utun0/64', 'utun0'), route('ff00::/8', 'utun0'), route('ff02::/16', 'utun1'),
      ],
    })).toEqual([]);
  });

  it('reports a Linux tunnel by its routes when the probe saw no address', () => {
    const findings = run({ interfaces: [WIFI, nic('tun0', 'tunnel', { driver: 'tun' })], routes: [route('10.8.0.0/24', 'tun0')] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'vpn.tunnel_interface', severity: 'low', evidence: { interface: 'tun0', addressCount: 0, routes: ['10.8.0.0/24'] } });
  });

  it('reports a macOS utun with a routable address', () => {
    const findings = run({ platform: 'darwin', interfaces: [nic('utun4', 'tunnel', { ipv4: ['100.64.0.7'] })], routes: [route('default', 'utun4')] });
    expect(findings.map((f) => f.signal)).toEqual(['vpn.default_route_tunnel', 'vpn.tunnel_interface']);
  });

  it('recognises VPN adapters by Windows description and client interface names, naming the client', () => {
    const windows = run({
      platform: 'win32',
      interfaces: [nic('Ethernet 3', 'virtual', { driver: 'TAP-Windows Adapter V9 #2', ipv4: ['10.8.0.6'] }), nic('NordLynx', 'other', { driver: 'NordLynx Tunnel', ipv4: ['10.5.0.2'] })],
      routes: [route('0.0.0.0/0', 'Ethernet 3', '10.8.0.1')],
    });
    expect(windows.map((f) => [f.signal, f.subject])).toEqual([
      ['vpn.default_route_tunnel', 'Ethernet 3'], ['vpn.tunnel_interface', 'Ethernet 3'], ['vpn.tunnel_interface', 'NordLynx'],
    ]);
    expect(windows[0]!.evidence).toMatchObject({ driver: 'TAP-Windows Adapter V9 #2', adapter: 'OpenVPN TAP-Windows adapter (bundled by many VPN clients)' });
    expect(windows[0]!.evidence.vpnClient).toBeUndefined();
    expect(windows[2]!.evidence).toMatchObject({ vpnClient: 'NordVPN' });
    const linux = run({ interfaces: [nic('tailscale0', 'tunnel', { ipv4: ['100.101.102.103'] }), nic('zt3jnkd2a1', 'ethernet', { ipv4: ['10.147.17.5'] })] });
    expect(linux.map((f) => [f.subject, f.evidence.vpnClient])).toEqual([['tailscale0', 'Tailscale'], ['zt3jnkd2a1', 'ZeroTier']]);
  });

  it('does not take ordinary adapters for VPN adapters', () => {
    expect(run({
      platform: 'win32',
      interfaces: [nic('Wi-Fi', 'wifi', { driver: 'Intel(R) Wi-Fi 6 AX201 160MHz', ipv4: ['192.168.1.5'] }), nic('vEthernet (WSL)', 'virtual', { driver: 'Hyper-V Virtual Ethernet Adapter', ipv4: ['172.20.0.1'] }), nic('ztest', 'ethernet', { ipv4: ['10.0.0.2'] })],
      routes: [route('0.0.0.0/0', 'Wi-Fi', '192.168.1.1')],
    })).toEqual([]);
  });
});
