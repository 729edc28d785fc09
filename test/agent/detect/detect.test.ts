import { describe, expect, it } from 'vitest';
import { Finding, SEVERITY_RANK, findSignal } from '../../../shared/index.js';
import type { Facts } from '../../../shared/index.js';
import { detect } from '../../../agent/detect/index.js';
import { collectFacts } from '../../../agent/probes/index.js';
import { buildFacts, DEFAULT_POLICY, policy, usb } from './facts-builder.js';

const busyLaptop = (): Facts => buildFacts({
  platform: 'linux',
  processes: [
    { pid: 1, name: 'systemd', path: '/usr/lib/systemd/systemd' },
    { pid: 4100, name: 'rustdesk', path: '/usr/bin/rustdesk' },
    { pid: 4000, name: 'anydesk', path: '/usr/bin/anydesk' },
    { pid: 4001, name: 'anydesk', path: '/usr/bin/anydesk' },
  ],
  interfaces: [
    { name: 'wlan0', kind: 'wifi', up: true, ipv4: ['192.168.1.20'], ipv6: [] },
    { name: 'tun0', kind: 'tunnel', up: true, ipv4: ['10.8.0.6'], ipv6: [] },
  ],
  routes: [
    { destination: '0.0.0.0/1', interface: 'tun0' },
    { destination: '128.0.0.0/1', interface: 'tun0' },
    { destination: '0.0.0.0/0', interface: 'wlan0', gateway: '192.168.1.1' },
  ],
  usbDevices: [
    usb('1d6b:0002', { deviceClass: '09', interfaces: ['09/00/00'] }),
    usb('1d6b:0104', { manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE', interfaces: ['03/01/01', '03/00/00', '08/06/50'] }),
  ],
  probes: [{ probe: 'displays', ok: false, durationMs: 12, error: 'EACCES' }],
});

function reversed(facts: Facts): Facts {
  return { ...facts, processes: [...facts.processes].reverse(), interfaces: [...facts.interfaces].reverse(), routes: [...facts.routes].reverse(), usbDevices: [...facts.usbDevices].reverse() };
}

describe('detect', () => {
  it('runs every check and returns valid findings with catalogue signals', () => {
    const findings = detect(busyLaptop(), DEFAULT_POLICY);
    for (const f of findings) {
      Finding.parse(f);
      expect(findSignal(f.signal)?.category).toBe(f.category);
    }
    expect(findings.map((f) => [f.signal, f.severity, f.subject])).toEqual([
      ['ip_kvm.usb_descriptor_match', 'critical', 'PiKVM Composite Device (1d6b:0104)'],
      ['ip_kvm.composite_structure', 'high', 'PiKVM Composite Device (1d6b:0104)'],
      ['remote_access.process_running', 'high', 'AnyDesk'],
      ['remote_access.process_running', 'high', 'RustDesk'],
      ['vpn.default_route_tunnel', 'high', 'tun0'],
      ['agent_health.probe_failed', 'low', 'displays'],
      ['vpn.tunnel_interface', 'low', 'tun0'],
    ]);
  });

  it('sorts most severe first and gives the same output whatever the input order', () => {
    const findings = detect(busyLaptop(), DEFAULT_POLICY);
    const ranks = findings.map((f) => SEVERITY_RANK[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(detect(reversed(busyLaptop()), DEFAULT_POLICY)).toEqual(findings);
  });

  it('applies the policy', () => {
    const findings = detect(busyLaptop(), policy({ remoteAccess: { allowedTools: ['AnyDesk'] }, vpn: { allowed: true } }));
    expect(findings.filter((f) => f.severity === 'info').map((f) => f.signal).sort()).toEqual([
      'remote_access.sanctioned', 'vpn.default_route_tunnel', 'vpn.tunnel_interface',
    ]);
  });

  it('finds nothing on an empty laptop', () => {
    expect(detect(buildFacts(), DEFAULT_POLICY)).toEqual([]);
  });
});

// The constructed /proc + /sys trees of test/fixtures/linux, read by the real Linux probes.
describe('detect over the Linux fixtures', () => {
  const scan = async (name: string) => {
    const findings = detect(await collectFacts({ root: `test/fixtures/linux/${name}`, platform: 'linux' }), DEFAULT_POLICY);
    for (const f of findings) Finding.parse(f);
    return findings.map((f) => [f.signal, f.subject]);
  };

  it('normal laptop: nothing', async () => {
    expect(await scan('normal-laptop')).toEqual([]);
  });

  const PIKVM = 'PiKVM Composite Device (1d6b:0104)';
  const TINYPILOT = 'tinypilot Multifunction USB Device (1d6b:0104)';
  const JETKVM = 'JetKVM USB Emulation Device (1d6b:0104)';
  const RELABELLED = 'Logitech USB Receiver (046d:c52b)';
  const PICO_HID = 'PiKVM HID (1209:eda2)';
  it.each([
    ['pikvm-laptop', [
      ['ip_kvm.edid_match', 'PiKVM on card1-HDMI-A-1'],
      ['ip_kvm.usb_descriptor_match', PIKVM],
      ['ip_kvm.usb_descriptor_match', `PiKVM Optical Drive 1.00 (cdrom) on ${PIKVM}`],
      ['ip_kvm.composite_structure', PIKVM],
      ['ip_kvm.absolute_pointer', PIKVM],
      ['posture.lid_closed_external_display', 'lid'],
      ['posture.sleep_disabled', 'sleep'],
    ]],
    ['tinypilot-laptop', [
      ['ip_kvm.edid_match', 'TinyPilot on card1-HDMI-A-1'],
      ['ip_kvm.usb_descriptor_match', TINYPILOT],
      ['ip_kvm.composite_structure', TINYPILOT],
      ['ip_kvm.usb_gadget', `Linux File-CD Gadget 0601 (cdrom) on ${TINYPILOT}`],
      ['ip_kvm.absolute_pointer', TINYPILOT],
    ]],
    ['jetkvm-laptop', [
      ['ip_kvm.edid_match', 'T749-fHD720 on card1-HDMI-A-1'],
      ['ip_kvm.usb_descriptor_match', JETKVM],
      ['ip_kvm.usb_descriptor_match', `JetKVM Virtual Media 0.1 (cdrom) on ${JETKVM}`],
      ['ip_kvm.composite_structure', JETKVM],
      ['ip_kvm.lan_device', '192.168.1.77 (JetKVM)'],
      ['ip_kvm.absolute_pointer', JETKVM],
    ]],
    // Keyboard and absolute mouse only, from the Pico HID's own ids; the PiKVM's capture EDID beside it.
    ['pico-hid-laptop', [
      ['ip_kvm.edid_match', 'PiKVM on card1-HDMI-A-1'],
      ['ip_kvm.usb_descriptor_match', PICO_HID],
      ['ip_kvm.composite_structure', PICO_HID],
      ['ip_kvm.absolute_pointer', PICO_HID],
    ]],
    // A Logitech identity and a copied Dell EDID: only the structure (absolute pointer + CD-ROM) gives it away.
    ['relabelled-kvm', [['ip_kvm.relabelled_device', RELABELLED], ['ip_kvm.absolute_pointer', RELABELLED]]],
  ])('%s: the KVM by EDID, descriptors, inquiry strings, structure and posture', async (name, expected) => {
    const findings = await scan(name);
    expect(findings.filter(([signal]) => /^(ip_kvm|posture)\./.test(signal!))).toEqual(expected);
  });

  it.each(['pikvm-laptop', 'pico-hid-laptop', 'tinypilot-laptop', 'jetkvm-laptop', 'relabelled-kvm'])('%s yields an ip_kvm finding of severity high or critical', async (name) => {
    const findings = detect(await collectFacts({ root: `test/fixtures/linux/${name}`, platform: 'linux' }), DEFAULT_POLICY);
    expect(findings.some((f) => f.category === 'ip_kvm' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high)).toBe(true);
  });

  it('server KVM switch (ATEN 0557:2419, keyboard and relative mouse): context only, medium', async () => {
    const findings = detect(await collectFacts({ root: 'test/fixtures/linux/server-kvm-laptop', platform: 'linux' }), DEFAULT_POLICY);
    expect(findings.filter((f) => f.category === 'ip_kvm').map((f) => [f.signal, f.severity, f.subject])).toEqual([
      ['ip_kvm.usb_descriptor_match', 'medium', 'ATEN CS1784A (0557:2419)'],
    ]);
  });

  it('normal laptop: no ip_kvm or posture finding (hub, webcam, dock, touchpad, receiver with a relative mouse)', async () => {
    const findings = detect(await collectFacts({ root: 'test/fixtures/linux/normal-laptop', platform: 'linux' }), DEFAULT_POLICY);
    expect(findings.filter((f) => f.category === 'ip_kvm' || f.category === 'posture')).toEqual([]);
  });

  it('vpn laptop: both tunnels carry a default route; OpenVPN runs, Astrill is installed with its loopback proxy, a Korean layout', async () => {
    expect(await scan('vpn-laptop')).toEqual([
      ['vpn.default_route_tunnel', 'tun0'],
      ['vpn.default_route_tunnel', 'wg0'],
      ['vpn.loopback_proxy', '127.0.0.1:12344'],
      ['location.locale_mismatch', 'Korean input'],
      ['vpn.client_installed', 'Astrill VPN'],
      ['vpn.client_running', 'OpenVPN'],
      ['vpn.tunnel_interface', 'tun0'],
      ['vpn.tunnel_interface', 'wg0'],
    ]);
  });
});
