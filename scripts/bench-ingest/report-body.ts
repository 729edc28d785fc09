// Constructed report bodies of realistic size for the ingest benchmark (no real data): 5-30
// findings with evidence, a network section with ~20 neighbour hashes, ~18 probe health entries.
// Each agent's body is serialised once; a request only splices in a fresh reportId.
import type { Finding, Report, Severity } from '../../shared/index.js';

/** Deterministic pseudo-random numbers (mulberry32), so every run sends the same fleet. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SIGNALS = [
  ['posture.long_uptime', 'info'], ['posture.sleep_disabled', 'low'], ['vpn.client_installed', 'low'],
  ['remote_access.installed', 'medium'], ['remote_access.sanctioned', 'info'], ['vpn.tunnel_interface', 'low'],
  ['ip_kvm.edid_anomaly', 'low'], ['location.locale_mismatch', 'low'], ['agent_health.probe_failed', 'info'],
  ['vpn.system_proxy', 'medium'], ['remote_access.service_listening', 'medium'], ['ip_kvm.usb_history', 'low'],
] as const satisfies readonly (readonly [string, Severity])[];
/** Raise alerts; about one laptop in ten has one. */
const ALERTING = [['remote_access.process_running', 'high'], ['ip_kvm.usb_descriptor_match', 'critical']] as const;
const PROBES = ['host', 'processes', 'interfaces', 'routes', 'neighbours', 'usbDevices', 'hidDevices', 'displays', 'storageDevices',
  'installedApps', 'services', 'listeners', 'sessions', 'proxies', 'dnsServers', 'wifi', 'rtt', 'power'];
const TOOLS = ['AnyDesk', 'TeamViewer', 'RustDesk', 'Chrome Remote Desktop', 'Splashtop', 'WireGuard', 'OpenVPN', 'Tailscale'];

const hex = (random: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');

function finding(random: () => number, signal: string, severity: Severity): Finding {
  const subject = TOOLS[Math.floor(random() * TOOLS.length)]!;
  return {
    signal,
    category: signal.split('.')[0] as Finding['category'],
    severity,
    subject,
    summary: `${subject} observed on this laptop (${signal.replace('.', ' ').replaceAll('_', ' ')}), first seen in the last scan window`,
    evidence: {
      process: subject.toLowerCase().replaceAll(' ', '-'),
      pid: 1000 + Math.floor(random() * 60_000),
      path: `/opt/${subject.toLowerCase().replaceAll(' ', '')}/bin/${subject.toLowerCase().replaceAll(' ', '')}`,
      signer: random() < 0.5 ? `${subject} Software GmbH` : null,
      listening: random() < 0.3,
      ports: [String(5000 + Math.floor(random() * 3000)), String(6000 + Math.floor(random() * 3000))],
    },
  };
}

/** A valid Report for `agentId` with `reportId` set to REPORT_ID_PLACEHOLDER. */
export const REPORT_ID_PLACEHOLDER = '00000000-0000-4000-8000-00000000ffff';

export function makeBenchReport(agentId: string, index: number): Report {
  const random = seededRandom(index + 1);
  const findingCount = 5 + Math.floor(random() * 26);
  const findings = Array.from({ length: findingCount }, () => {
    const [signal, severity] = SIGNALS[Math.floor(random() * SIGNALS.length)]!;
    return finding(random, signal, severity);
  });
  if (random() < 0.1) {
    const [signal, severity] = ALERTING[Math.floor(random() * ALERTING.length)]!;
    findings.push(finding(random, signal, severity));
  }
  const finishedAt = new Date(Date.UTC(2026, 10, 22, 9, 0, 0) + index * 1000);
  return {
    schemaVersion: 1,
    reportId: REPORT_ID_PLACEHOLDER,
    agentId,
    agentVersion: '0.1.0',
    scan: { startedAt: new Date(finishedAt.getTime() - 2400).toISOString(), finishedAt: finishedAt.toISOString(), durationMs: 2400 },
    host: {
      hostname: `laptop-${index}`,
      platform: (['linux', 'darwin', 'win32'] as const)[index % 3]!,
      osRelease: 'Windows 11 Pro 23H2 (build 22631)',
      arch: 'x64',
      serial: `SN-${index.toString().padStart(8, '0')}`,
      hardwareUuid: `4c4c4544-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`,
      manufacturer: 'Lenovo',
      model: 'ThinkPad T14 Gen 3',
      timezone: 'America/Chicago',
      locale: 'en-US',
      uptimeSec: Math.floor(random() * 1_000_000),
      keyboardLayouts: ['00000409'],
    },
    network: {
      defaultInterface: 'wlan0',
      defaultInterfaceKind: 'wifi',
      gatewayIp: '192.168.1.1',
      gatewayMacHash: hex(random, 32),
      ipv6Prefixes: ['2001:db8:1:2::/64'],
      neighbourMacHashes: Array.from({ length: 18 + Math.floor(random() * 5) }, () => hex(random, 32)),
      neighbourOuiCounts: { 'a4:83:e7': 3, 'f0:18:98': 2, '00:1a:2b': 1 },
      wifiSsidHash: hex(random, 32),
      wifiBssidHash: hex(random, 32),
      dhcpServer: '192.168.1.1',
      dnsServers: ['192.168.1.1', '1.1.1.1'],
    },
    findings,
    probes: PROBES.map((probe) => ({ probe, ok: true, durationMs: Math.round(random() * 4000) / 10 })),
    rtt: [{ target: 'collector', host: 'farmwatch.example.com', port: 443, minMs: 18.4, samples: 5, failures: 0 }],
    lanPeers: [],
    spoolEvicted: 0,
  };
}

/** The body split around its reportId, so each request is one concatenation. */
export interface BodyTemplate {
  before: string;
  after: string;
}

export function bodyTemplate(agentId: string, index: number): BodyTemplate {
  const json = JSON.stringify(makeBenchReport(agentId, index));
  const at = json.indexOf(REPORT_ID_PLACEHOLDER);
  return { before: json.slice(0, at), after: json.slice(at + REPORT_ID_PLACEHOLDER.length) };
}
