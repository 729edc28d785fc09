// VPN and overlay-network clients: the names they leave on a laptop, per OS. LOLRMM has no VPN
// clients, so this list is hand-maintained.
//
// Where the identifiers come from: Astrill's (astrill.exe, the 127.0.0.1:12344 local proxy,
// /usr/local/Astrill/, Astrill.app) from shared/knowledge/laptop-farms.md §4, which names the
// consumer VPNs of the DPRK IT-worker cases; the others from each vendor's published install
// layout and support articles (service names, adapters, Linux packages) as known to the authors.
// Identifiers marked `// uncertain` were not confirmed against an installed copy: they widen
// recall, and a wrong one only fails to match. Every value is high-precision evidence at best:
// a renamed binary defeats it, which is why tunnels and routes (agent/detect/vpn.ts) matter more.
//
// Tailscale and ZeroTier are also in the remote-access catalogue (LOLRMM lists them); the VPN
// checks drop any process or installed item that catalogue already attributes, so a tool is
// reported once. Tunnels such as ngrok and cloudflared are remote-access tools only.

/** `consumer`: a commercial VPN service. `protocol`: generic VPN software (also corporate). `overlay`: mesh networks. */
export type VpnClientKind = 'consumer' | 'protocol' | 'overlay';

export interface VpnClient {
  /** Stable slug; policy.vpn.allowedClients names clients by id, name or alias. */
  id: string;
  name: string;
  aliases: string[];
  kind: VpnClientKind;
  /** Process or bundle names, matched like remote-access processes (case-insensitive, `.exe` optional, `*` globs). */
  processes: string[];
  /** Install directories (Windows `C:\...` / `*\...`, POSIX, macOS bundles); `*` globs. */
  installPaths: string[];
  /** Installed-program names (uninstall DisplayName, desktop entry Name): a prefix ending at a word boundary. */
  appNames: string[];
  /** Windows service names, systemd units (without `.service`, `@` templates by their prefix), launchd labels. */
  services: string[];
  /** macOS bundle identifiers (documentation, and matched as app names or service labels). */
  bundleIds: string[];
  /** Loopback proxies the client configures as the system proxy. */
  localProxies: { host: string; port: number }[];
}

/** A tunnel adapter recognisable by its interface name or its driver/adapter description. */
export interface TunnelAdapter {
  /** Tested against the interface name and against its driver (Windows: the adapter description). */
  pattern: RegExp;
  /** What the adapter is, for the analyst. */
  label: string;
  /** The client that creates it, when only one does. */
  clientId?: string;
}

const client = (c: Partial<VpnClient> & Pick<VpnClient, 'id' | 'name' | 'kind'>): VpnClient => ({
  aliases: [], processes: [], installPaths: [], appNames: [], services: [], bundleIds: [], localProxies: [], ...c,
});

export const VPN_CLIENTS: readonly VpnClient[] = [
  client({
    id: 'astrill',
    name: 'Astrill VPN',
    aliases: ['Astrill'],
    kind: 'consumer',
    // Windows Astrill\astrill.exe; Linux /usr/local/Astrill/ (binary name uncertain); macOS Astrill.app.
    processes: ['astrill.exe', 'Astrill', 'astrill'],
    installPaths: ['*\\Astrill\\*', 'C:\\Program Files (x86)\\Astrill\\*', 'C:\\Program Files\\Astrill\\*', '/usr/local/Astrill/', '/Applications/Astrill.app'],
    appNames: ['Astrill'],
    localProxies: [{ host: '127.0.0.1', port: 12344 }],
  }),
  client({
    id: 'nordvpn',
    name: 'NordVPN',
    kind: 'consumer',
    processes: ['NordVPN.exe', 'nordvpn-service.exe', 'nordvpnd', 'nordvpn', 'NordVPN'],
    installPaths: ['C:\\Program Files\\NordVPN\\*', 'C:\\Program Files (x86)\\NordVPN\\*', '/usr/sbin/nordvpnd', '/var/lib/nordvpn/', '/Applications/NordVPN.app', '/Applications/NordVPN IKE.app'],
    appNames: ['NordVPN'],
    services: ['nordvpn-service', 'nordvpnd'],
    bundleIds: ['com.nordvpn.macos', 'com.nordvpn.osx-apple'], // uncertain
  }),
  client({
    id: 'expressvpn',
    name: 'ExpressVPN',
    kind: 'consumer',
    processes: ['ExpressVPN.exe', 'expressvpnd.exe', 'expressvpnd', 'expressvpn-daemon', 'ExpressVPN'],
    installPaths: ['C:\\Program Files (x86)\\ExpressVPN\\*', 'C:\\Program Files\\ExpressVPN\\*', '/usr/sbin/expressvpnd', '/opt/expressvpn/', '/Applications/ExpressVPN.app'],
    appNames: ['ExpressVPN'],
    services: ['ExpressVpnService', 'expressvpn'],
    bundleIds: ['com.expressvpn.ExpressVPN'], // uncertain
  }),
  client({
    id: 'surfshark',
    name: 'Surfshark',
    kind: 'consumer',
    processes: ['Surfshark.exe', 'Surfshark.Service.exe', 'surfshark', 'surfsharkd', 'Surfshark'],
    installPaths: ['C:\\Program Files (x86)\\Surfshark\\*', 'C:\\Program Files\\Surfshark\\*', '/opt/Surfshark/', '/Applications/Surfshark.app'],
    appNames: ['Surfshark'],
    services: ['Surfshark Service', 'surfsharkd'], // surfsharkd uncertain
    bundleIds: ['com.surfshark.vpnclient.macos'], // uncertain
  }),
  client({
    id: 'protonvpn',
    name: 'Proton VPN',
    aliases: ['ProtonVPN'],
    kind: 'consumer',
    processes: ['ProtonVPN.exe', 'ProtonVPNService.exe', 'ProtonVPN.WireGuardService.exe', 'protonvpn-app', 'protonvpn', 'ProtonVPN', 'Proton VPN'],
    installPaths: [
      'C:\\Program Files\\Proton\\VPN\\*', 'C:\\Program Files (x86)\\Proton Technologies\\ProtonVPN\\*', '/usr/lib/protonvpn/',
      '/Applications/ProtonVPN.app', '/Applications/Proton VPN.app',
    ],
    appNames: ['Proton VPN', 'ProtonVPN'],
    services: ['ProtonVPN Service', 'ProtonVPN WireGuard'],
    bundleIds: ['ch.protonvpn.mac'],
  }),
  client({
    id: 'pia',
    name: 'Private Internet Access',
    aliases: ['PIA'],
    kind: 'consumer',
    processes: ['pia-client.exe', 'pia-service.exe', 'pia-wgservice.exe', 'pia-client', 'pia-daemon', 'Private Internet Access'],
    installPaths: ['C:\\Program Files\\Private Internet Access\\*', '/opt/piavpn/', '/Applications/Private Internet Access.app'],
    appNames: ['Private Internet Access'],
    services: ['PrivateInternetAccessService', 'PrivateInternetAccessWireguard', 'piavpn'],
  }),
  client({
    id: 'mullvad',
    name: 'Mullvad VPN',
    aliases: ['Mullvad'],
    kind: 'consumer',
    processes: ['mullvad-daemon.exe', 'Mullvad VPN.exe', 'mullvad-daemon', 'mullvad-gui', 'Mullvad VPN'],
    installPaths: ['C:\\Program Files\\Mullvad VPN\\*', '/opt/Mullvad VPN/', '/Applications/Mullvad VPN.app'],
    appNames: ['Mullvad VPN'], // not bare 'Mullvad': the Mullvad Browser is no VPN
    services: ['MullvadVPN', 'mullvad-daemon'],
    bundleIds: ['net.mullvad.vpn'],
  }),
  client({
    id: 'windscribe',
    name: 'Windscribe',
    kind: 'consumer',
    processes: ['Windscribe.exe', 'WindscribeService.exe', 'windscribe', 'Windscribe'],
    installPaths: ['C:\\Program Files\\Windscribe\\*', 'C:\\Program Files (x86)\\Windscribe\\*', '/opt/windscribe/', '/Applications/Windscribe.app'],
    appNames: ['Windscribe'],
    services: ['WindscribeService', 'windscribe-helper'], // windscribe-helper uncertain
    bundleIds: ['com.windscribe.gui.macos'], // uncertain
  }),
  client({
    id: 'ipvanish',
    name: 'IPVanish',
    kind: 'consumer',
    processes: ['IPVanish.exe', 'IPVanishService.exe', 'IPVanish', 'IPVanish VPN'], // IPVanishService uncertain
    installPaths: ['C:\\Program Files (x86)\\IPVanish\\*', 'C:\\Program Files\\IPVanish\\*', '/Applications/IPVanish VPN.app'],
    appNames: ['IPVanish'],
    services: ['IPVanishService'], // uncertain
    bundleIds: ['com.ipvanish.IPVanish'], // uncertain
  }),
  client({
    id: 'tunnelbear',
    name: 'TunnelBear',
    kind: 'consumer',
    processes: ['TunnelBear.exe', 'TunnelBear.Maintenance.exe', 'TunnelBear'],
    installPaths: ['C:\\Program Files (x86)\\TunnelBear\\*', 'C:\\Program Files\\TunnelBear\\*', '/Applications/TunnelBear.app'],
    appNames: ['TunnelBear'],
    services: ['TunnelBearMaintenance'],
    bundleIds: ['com.tunnelbear.mac.TunnelBear'], // uncertain
  }),
  client({
    id: 'vyprvpn',
    name: 'VyprVPN',
    kind: 'consumer',
    processes: ['VyprVPN.exe', 'VyprVPNService.exe', 'VyprVPN'],
    installPaths: ['C:\\Program Files\\VyprVPN\\*', 'C:\\Program Files (x86)\\Golden Frog\\VyprVPN\\*', '/Applications/VyprVPN.app'],
    appNames: ['VyprVPN'],
    services: ['VyprVPN'], // uncertain
  }),
  client({
    id: 'openvpn',
    name: 'OpenVPN',
    aliases: ['OpenVPN Connect', 'OpenVPN GUI', 'Tunnelblick'],
    kind: 'protocol',
    processes: [
      'openvpn.exe', 'openvpn-gui.exe', 'openvpnserv.exe', 'openvpnserv2.exe', 'OpenVPNConnect.exe', 'ovpnagent.exe', 'openvpn',
      'openvpn3-service-client', 'OpenVPN Connect', 'Tunnelblick',
    ],
    installPaths: [
      'C:\\Program Files\\OpenVPN\\*', 'C:\\Program Files\\OpenVPN Connect\\*', '/usr/sbin/openvpn', '/Applications/OpenVPN Connect/',
      '/Applications/OpenVPN Connect.app', '/Applications/Tunnelblick.app',
    ],
    appNames: ['OpenVPN', 'Tunnelblick'],
    // openvpn@NAME, openvpn-client@NAME (systemd templates), Windows OpenVPNService*, agent_ovpnconnect.
    services: ['OpenVPNService', 'OpenVPNServiceInteractive', 'OpenVPNServiceLegacy', 'agent_ovpnconnect', 'openvpn', 'openvpn-client', 'openvpn-server'],
    bundleIds: ['net.tunnelblick.tunnelblick', 'org.openvpn.client.app'], // org.openvpn.client.app uncertain
  }),
  client({
    id: 'wireguard',
    name: 'WireGuard',
    kind: 'protocol',
    processes: ['wireguard.exe', 'wireguard-go', 'WireGuard', 'com.wireguard.macos.network-extension'],
    installPaths: ['C:\\Program Files\\WireGuard\\*', '/Applications/WireGuard.app'],
    appNames: ['WireGuard'],
    // Windows WireGuardManager and WireGuardTunnel$NAME; systemd wg-quick@NAME.
    services: ['WireGuardManager', 'WireGuardTunnel', 'wg-quick'],
    bundleIds: ['com.wireguard.macos'],
  }),
  client({
    id: 'cloudflare-warp',
    name: 'Cloudflare WARP',
    aliases: ['WARP', '1.1.1.1'],
    kind: 'consumer',
    processes: ['Cloudflare WARP.exe', 'warp-svc.exe', 'warp-svc', 'warp-taskbar', 'Cloudflare WARP'],
    installPaths: ['C:\\Program Files\\Cloudflare\\Cloudflare WARP\\*', '/bin/warp-svc', '/usr/bin/warp-svc', '/Applications/Cloudflare WARP.app'],
    appNames: ['Cloudflare WARP'],
    services: ['CloudflareWARP', 'warp-svc'],
    bundleIds: ['com.cloudflare.1dot1dot1dot1.macos'],
  }),
  client({
    id: 'tailscale',
    name: 'Tailscale',
    kind: 'overlay',
    processes: ['tailscaled', 'tailscale-ipn.exe', 'tailscaled.exe', 'Tailscale', 'IPNExtension'], // IPNExtension uncertain
    installPaths: ['C:\\Program Files\\Tailscale\\*', '/usr/sbin/tailscaled', '/Applications/Tailscale.app'],
    appNames: ['Tailscale'],
    services: ['Tailscale', 'tailscaled'],
    bundleIds: ['io.tailscale.ipn.macos', 'io.tailscale.ipn.macsys'],
  }),
  client({
    id: 'zerotier',
    name: 'ZeroTier',
    aliases: ['ZeroTier One'],
    kind: 'overlay',
    processes: ['zerotier-one', 'zerotier-one_x64.exe', 'zerotier_desktop_ui.exe', 'ZeroTier One', 'ZeroTier'],
    installPaths: [
      'C:\\ProgramData\\ZeroTier\\One\\*', 'C:\\Program Files (x86)\\ZeroTier\\One\\*', '/usr/sbin/zerotier-one', '/var/lib/zerotier-one/',
      '/Library/Application Support/ZeroTier/One/', '/Applications/ZeroTier One.app', '/Applications/ZeroTier.app',
    ],
    appNames: ['ZeroTier'],
    services: ['ZeroTierOneService', 'zerotier-one'],
    bundleIds: ['com.zerotier.ZeroTier-One'], // uncertain
  }),
];

/**
 * Tunnel adapters by interface name or driver description. Linux names are interface names the
 * clients create; Windows patterns are adapter descriptions (with an optional ` #N` suffix).
 */
export const TUNNEL_ADAPTERS: readonly TunnelAdapter[] = [
  { pattern: /^TAP-Windows Adapter V9( #\d+)?$/i, label: 'OpenVPN TAP-Windows adapter (bundled by many VPN clients)' },
  { pattern: /^OpenVPN (Data Channel Offload|Wintun)/i, label: 'OpenVPN adapter', clientId: 'openvpn' },
  { pattern: /^Wintun( Userspace Tunnel)?( #\d+)?$/i, label: 'Wintun adapter (WireGuard and others)' },
  { pattern: /^WireGuard Tunnel( #\d+)?$/i, label: 'WireGuard tunnel adapter', clientId: 'wireguard' },
  { pattern: /^(nordlynx|nordtun)$/i, label: 'NordVPN tunnel (NordLynx / OpenVPN)', clientId: 'nordvpn' }, // nordtun uncertain
  { pattern: /^(NordLynx Tunnel|TAP-NordVPN Windows Adapter)/i, label: 'NordVPN adapter', clientId: 'nordvpn' },
  { pattern: /^ExpressVPN (TAP|TUN|Wintun)/i, label: 'ExpressVPN adapter', clientId: 'expressvpn' }, // uncertain
  { pattern: /^Surfshark (Tunnel|Windows Adapter)/i, label: 'Surfshark adapter', clientId: 'surfshark' }, // uncertain
  { pattern: /^(proton0|pvpnksintrf0)$/i, label: 'Proton VPN tunnel / kill-switch interface', clientId: 'protonvpn' },
  { pattern: /^ProtonVPN (TUN|Tunnel|TAP)/i, label: 'Proton VPN adapter', clientId: 'protonvpn' }, // uncertain
  { pattern: /^wgpia\d+$/i, label: 'Private Internet Access WireGuard interface', clientId: 'pia' },
  { pattern: /^Private Internet Access (Network )?Adapter/i, label: 'Private Internet Access adapter', clientId: 'pia' }, // uncertain
  { pattern: /^wg\d*-mullvad$/i, label: 'Mullvad WireGuard interface', clientId: 'mullvad' }, // uncertain
  { pattern: /^Mullvad( Tunnel)?$/i, label: 'Mullvad adapter', clientId: 'mullvad' },
  { pattern: /^Windscribe (VPN|Windtun|IKEv2)/i, label: 'Windscribe adapter', clientId: 'windscribe' }, // uncertain
  { pattern: /^TunnelBear Adapter/i, label: 'TunnelBear adapter', clientId: 'tunnelbear' }, // uncertain
  { pattern: /^CloudflareWARP$/i, label: 'Cloudflare WARP interface', clientId: 'cloudflare-warp' },
  { pattern: /^Cloudflare WARP Interface Tunnel/i, label: 'Cloudflare WARP adapter', clientId: 'cloudflare-warp' },
  { pattern: /^tailscale\d+$/i, label: 'Tailscale interface', clientId: 'tailscale' },
  { pattern: /^Tailscale( Tunnel)?$/i, label: 'Tailscale adapter', clientId: 'tailscale' },
  { pattern: /^zt[0-9a-z]{8}$/i, label: 'ZeroTier interface', clientId: 'zerotier' },
  { pattern: /^ZeroTier (Virtual Port|One Virtual Port)/i, label: 'ZeroTier adapter', clientId: 'zerotier' },
];

export function findVpnClient(id: string): VpnClient | undefined {
  return VPN_CLIENTS.find((c) => c.id === id);
}
