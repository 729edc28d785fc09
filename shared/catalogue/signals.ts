// The signal catalogue: every kind of finding or alert FarmWatch can produce, with its default
// severity and MITRE ATT&CK mapping. Agent detection and collector scoring both read this list;
// ids are stable API (alerts, suppressions and SIEM rules refer to them).
import type { Category, Severity } from '../schema/common.js';

export interface SignalDefinition {
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  /** MITRE ATT&CK technique where one applies. */
  readonly attack?: string;
  readonly description: string;
}

const define = <const T extends readonly SignalDefinition[]>(list: T) => list;

export const SIGNALS = define([
  // Remote access software (T1219 Remote Access Tools; .002 Remote Desktop Software).
  { id: 'remote_access.process_running', category: 'remote_access', severity: 'high', attack: 'T1219.002', description: 'A remote-access tool is running.' },
  { id: 'remote_access.installed', category: 'remote_access', severity: 'medium', attack: 'T1219.002', description: 'A remote-access tool is installed but not running.' },
  { id: 'remote_access.session_active', category: 'remote_access', severity: 'critical', attack: 'T1219.002', description: 'A remote-access tool holds an established session with a remote peer.' },
  { id: 'remote_access.service_listening', category: 'remote_access', severity: 'high', attack: 'T1021', description: 'A remote desktop service (RDP, VNC, Screen Sharing, xrdp) is enabled or listening.' },
  { id: 'remote_access.sanctioned', category: 'remote_access', severity: 'info', attack: 'T1219', description: 'A remote-access tool the policy sanctions is present.' },
  // IP-KVM hardware (T1219.003 Remote Access Hardware).
  { id: 'ip_kvm.usb_descriptor_match', category: 'ip_kvm', severity: 'critical', attack: 'T1219.003', description: 'A USB device presents the descriptors of a known IP-KVM.' },
  { id: 'ip_kvm.usb_gadget', category: 'ip_kvm', severity: 'high', attack: 'T1219.003', description: 'A Linux USB gadget (Linux Foundation vendor id) that is not a root hub is attached.' },
  { id: 'ip_kvm.composite_structure', category: 'ip_kvm', severity: 'high', attack: 'T1219.003', description: 'One USB device bundles keyboard, absolute pointer and removable media, as IP-KVMs do.' },
  { id: 'ip_kvm.relabelled_device', category: 'ip_kvm', severity: 'critical', attack: 'T1219.003', description: 'A device claims a keyboard brand but has the structure of an IP-KVM.' },
  { id: 'ip_kvm.absolute_pointer', category: 'ip_kvm', severity: 'medium', attack: 'T1219.003', description: 'A generic-desktop mouse reports absolute coordinates (not a tablet or touchscreen).' },
  { id: 'ip_kvm.edid_match', category: 'ip_kvm', severity: 'critical', attack: 'T1219.003', description: 'A display presents the EDID of a known IP-KVM capture bridge.' },
  { id: 'ip_kvm.edid_anomaly', category: 'ip_kvm', severity: 'medium', attack: 'T1219.003', description: 'A display EDID has KVM-like anomalies (no physical size, placeholder serial).' },
  { id: 'ip_kvm.usb_history', category: 'ip_kvm', severity: 'high', attack: 'T1219.003', description: 'The OS remembers a previously attached IP-KVM.' },
  { id: 'ip_kvm.lan_device', category: 'ip_kvm', severity: 'high', attack: 'T1219.003', description: 'An IP-KVM is visible on the local network (name or hardware vendor).' },
  // VPNs, proxies and tunnels (T1090 Proxy, T1133 External Remote Services).
  { id: 'vpn.tunnel_interface', category: 'vpn', severity: 'low', attack: 'T1090', description: 'A tunnel network interface (tun, tap, wg, utun, Wintun) is up.' },
  { id: 'vpn.default_route_tunnel', category: 'vpn', severity: 'high', attack: 'T1090.003', description: 'The default route goes through a tunnel interface.' },
  { id: 'vpn.client_running', category: 'vpn', severity: 'medium', attack: 'T1090.003', description: 'A consumer VPN client is running.' },
  { id: 'vpn.client_installed', category: 'vpn', severity: 'low', attack: 'T1090.003', description: 'A consumer VPN client is installed.' },
  { id: 'vpn.loopback_proxy', category: 'vpn', severity: 'high', attack: 'T1090.001', description: 'The system proxy points at a local listener, as VPN clients like Astrill do.' },
  { id: 'vpn.system_proxy', category: 'vpn', severity: 'low', attack: 'T1090', description: 'A system-wide proxy is configured.' },
  // Location (reshipped laptops).
  { id: 'location.timezone_mismatch', category: 'location', severity: 'low', description: 'The time zone does not match the employee\'s claimed region.' },
  { id: 'location.locale_mismatch', category: 'location', severity: 'low', description: 'The system locale or an input method does not match the claimed region.' },
  { id: 'location.rtt_implausible', category: 'location', severity: 'high', description: 'Round-trip times are physically impossible for the claimed location.' },
  { id: 'location.hosting_egress', category: 'location', severity: 'medium', description: 'The laptop reaches the collector from a hosting or VPN provider network.' },
  // Fleet correlation (raised by the collector).
  { id: 'co_location.shared_network', category: 'co_location', severity: 'high', description: 'Laptops of different employees share a home network.' },
  { id: 'co_location.lan_peer', category: 'co_location', severity: 'critical', description: 'Laptops of different employees hear each other\'s LAN beacons.' },
  // Posture.
  { id: 'posture.mouse_jiggler', category: 'posture', severity: 'medium', description: 'A mouse jiggler (software or USB device) is present.' },
  { id: 'posture.lid_closed_external_display', category: 'posture', severity: 'low', description: 'The lid is closed while an external display is attached.' },
  { id: 'posture.sleep_disabled', category: 'posture', severity: 'low', description: 'Sleep is disabled on AC power.' },
  { id: 'posture.long_uptime', category: 'posture', severity: 'info', description: 'The laptop has run without a restart for a long time.' },
  // Agent health.
  { id: 'agent_health.probe_failed', category: 'agent_health', severity: 'low', description: 'A probe failed or timed out; its facts are missing from this scan.' },
  { id: 'agent_health.spool_evicted', category: 'agent_health', severity: 'medium', description: 'The agent dropped queued reports because its spool was full.' },
  { id: 'agent_health.silent', category: 'agent_health', severity: 'medium', description: 'The agent has not reported within the expected interval.' },
  { id: 'agent_health.clone', category: 'agent_health', severity: 'high', description: 'One hardware identity reports under several agent ids.' },
] as const);

export type SignalId = (typeof SIGNALS)[number]['id'];

const byId = new Map<string, SignalDefinition>(SIGNALS.map((s) => [s.id, s]));

export function signal(id: SignalId): SignalDefinition {
  // Every SignalId is in the map by construction.
  return byId.get(id)!;
}

export function findSignal(id: string): SignalDefinition | undefined {
  return byId.get(id);
}
