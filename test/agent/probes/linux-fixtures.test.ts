// The Linux probes replayed over recorded and constructed /proc + /sys trees via `root`.
import { describe, expect, it } from 'vitest';
import { FACT_PARTS } from '../../../agent/probes/probe-set.js';
import { collectFacts } from '../../../agent/probes/index.js';
import { Facts, type Facts as FactsType } from '../../../shared/schema/facts.js';
import { fixtureRoot } from './helpers/paths.js';

async function scan(name: string): Promise<FactsType> {
  const facts = await collectFacts({ root: fixtureRoot(name), platform: 'linux' });
  expect(() => Facts.parse(facts)).not.toThrow();
  return facts;
}

const byName = <T extends { name: string }>(items: T[], name: string): T => {
  const found = items.find((item) => item.name === name);
  if (!found) throw new Error(`no ${name} in ${items.map((i) => i.name).join(', ')}`);
  return found;
};

describe('recorded-ci-vm (recorded on the development VM)', () => {
  it('reads host, interfaces, routes and neighbours as the machine had them', async () => {
    const facts = await scan('recorded-ci-vm');
    expect(facts.probes.every((p) => (p.ok && p.error === undefined) || p.unsupported)).toBe(true);
    expect(facts.host).toMatchObject({ hostname: 'vm', osRelease: 'Debian GNU/Linux 12 (bookworm)', arch: 'x86_64', timezone: 'Etc/UTC', uptimeSec: 1039.96 });
    // This VM's /etc/default/locale has no LANG line (the live scan takes LANG from the environment).
    expect(facts.host.locale).toBeUndefined();
    expect(facts.host.serial).toBeUndefined();

    expect(facts.interfaces.map((i) => [i.name, i.kind, i.up])).toEqual([
      ['eth0', 'ethernet', true], ['ifb0', 'virtual', false], ['ifb1', 'virtual', false], ['lo', 'loopback', true],
    ]);
    expect(byName(facts.interfaces, 'eth0')).toEqual({
      name: 'eth0', kind: 'ethernet', up: true, mac: '02:fc:00:00:00:01', ipv4: [], ipv6: ['fe80::fc:ff:fe00:1', 'fd00::2'], driver: 'virtio_net',
    });
    expect(byName(facts.interfaces, 'lo').mac).toBeUndefined();

    expect(facts.routes).toEqual([
      { destination: '0.0.0.0/0', gateway: '192.0.2.1', interface: 'eth0', metric: 0 },
      { destination: '192.0.2.0/24', interface: 'eth0', metric: 0 },
      { destination: 'fd00::/64', interface: 'eth0', metric: 256 },
      { destination: 'fe80::/64', interface: 'eth0', metric: 256 },
      { destination: '::/0', gateway: 'fd00::1', interface: 'eth0', metric: 1024 },
    ]);
    expect(facts.neighbours).toEqual([{ ip: '192.0.2.1', mac: '02:fc:00:00:00:05', interface: 'eth0' }]);
    expect(facts.usbDevices).toEqual([]);
    expect(facts.displays).toEqual([]);
  });

  it('maps the recorder\'s own sockets to its pid and leaves unrecorded owners empty', async () => {
    const facts = await scan('recorded-ci-vm');
    expect(facts.connections.find((c) => c.protocol === 'tcp' && c.localPort === 38165)).toEqual({
      protocol: 'tcp', localAddress: '127.0.0.1', localPort: 38165, state: 'LISTEN', pid: 15674, processName: 'node',
    });
    expect(facts.connections.find((c) => c.protocol === 'udp' && c.localPort === 40869)).toMatchObject({ state: 'UNCONN', pid: 15674 });
    expect(facts.connections.find((c) => c.localPort === 6379 && c.localAddress === '::1')).toEqual({
      protocol: 'tcp', localAddress: '::1', localPort: 6379, state: 'LISTEN',
    });
    const timeWait = facts.connections.filter((c) => c.state === 'TIME_WAIT');
    expect(timeWait.length).toBeGreaterThan(10);
    expect(timeWait.every((c) => c.pid === undefined && c.remoteAddress === '127.0.0.1')).toBe(true);

    expect(facts.processes.map((p) => p.pid)).toEqual([1, 15663, 15674]);
    expect(facts.processes[0]).toEqual({ pid: 1, ppid: 0, name: 'process_api', user: 'root' });
    expect(facts.processes[2]).toEqual({ pid: 15674, ppid: 15663, name: 'node', path: '/usr/bin/node', user: 'root' });
  });
});

describe('normal-laptop (constructed)', () => {
  it('classifies Wi-Fi, wired, bridge and loopback interfaces', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.interfaces.map((i) => [i.name, i.kind, i.up, i.driver])).toEqual([
      ['docker0', 'virtual', false, 'bridge'],
      ['enp0s31f6', 'ethernet', false, 'e1000e'],
      ['lo', 'loopback', true, undefined],
      ['wlp0s20f3', 'wifi', true, 'iwlwifi'],
    ]);
    expect(byName(facts.interfaces, 'wlp0s20f3')).toMatchObject({ mac: 'a4:c3:f0:11:22:33', ipv6: ['fe80::a6c3:f0ff:fe11:2233', '2601:600:8a00:1234::50'] });
  });

  it('reads host identity including DMI', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.host).toEqual({
      hostname: 'lt-normal', osRelease: 'Ubuntu 24.04.1 LTS', arch: 'x86_64', serial: 'PF4ABCDE', hardwareUuid: '4c4c4544-0031-3510-8052-b4c04f4a3233',
      manufacturer: 'LENOVO', model: '21HD0055US', timezone: 'America/Chicago', locale: 'en_US.UTF-8', uptimeSec: 5231.42,
      keyboardLayouts: ['us'],
    });
  });

  it('keeps configured routes and drops local, multicast and reject entries', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.routes.map((r) => `${r.destination} ${r.gateway ?? '-'} ${r.interface} ${r.metric}`)).toEqual([
      '0.0.0.0/0 192.168.1.1 wlp0s20f3 600',
      '172.17.0.0/16 - docker0 0',
      '192.168.1.0/24 - wlp0s20f3 600',
      '2601:600:8a00:1234::/64 - wlp0s20f3 600',
      'fe80::/64 - wlp0s20f3 1024',
      '::/0 fe80::f29f:c2ff:fe12:3456 wlp0s20f3 600',
    ]);
  });

  it('lists complete ARP entries only', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.neighbours).toEqual([
      { ip: '192.168.1.1', mac: 'f0:9f:c2:12:34:56', interface: 'wlp0s20f3' },
      { ip: '192.168.1.40', mac: 'b8:27:eb:01:02:03', interface: 'wlp0s20f3' },
    ]);
  });

  it('maps sockets to processes through fd links', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.connections).toEqual([
      { protocol: 'tcp', localAddress: '127.0.0.1', localPort: 631, state: 'LISTEN', pid: 812, processName: 'cupsd' },
      { protocol: 'tcp', localAddress: '192.168.1.50', localPort: 51514, remoteAddress: '140.82.112.3', remotePort: 443, state: 'ESTABLISHED', pid: 2301, processName: 'firefox' },
      { protocol: 'tcp', localAddress: '192.168.1.50', localPort: 51500, remoteAddress: '140.82.112.3', remotePort: 443, state: 'TIME_WAIT' },
      { protocol: 'tcp', localAddress: '::1', localPort: 631, state: 'LISTEN', pid: 812, processName: 'cupsd' },
      { protocol: 'udp', localAddress: '0.0.0.0', localPort: 5353, state: 'UNCONN', pid: 830, processName: 'avahi-daemon' },
    ]);
  });

  it('reads processes with users and recovers names longer than comm', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.processes).toEqual([
      { pid: 1, ppid: 0, name: 'systemd', path: '/usr/lib/systemd/systemd', user: 'root' },
      { pid: 95, ppid: 2, name: 'kworker/0:1-eve', user: 'root' },
      { pid: 812, ppid: 1, name: 'cupsd', path: '/usr/sbin/cupsd', user: 'root' },
      { pid: 830, ppid: 1, name: 'avahi-daemon', user: 'avahi' },
      { pid: 2301, ppid: 1990, name: 'firefox', path: '/usr/lib/firefox/firefox', user: 'alice' },
      { pid: 2400, ppid: 1990, name: 'gnome-terminal-server', path: '/usr/libexec/gnome-terminal-server', user: 'alice' },
    ]);
  });

  it('reads the Logitech receiver with its own strings and HID interfaces', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.usbDevices.map((d) => `${d.location} ${d.vendorId}:${d.productId}`)).toEqual([
      '1-3 046d:c52b', '1-4 05e3:0610', '1-4.1 046d:085b', '1-6 04f2:b7b6', '2-1 0bda:0411', '2-1.2 0bda:8153', 'usb1 1d6b:0002', 'usb2 1d6b:0003',
    ]);
    expect(facts.usbDevices[0]).toEqual({
      location: '1-3', vendorId: '046d', productId: 'c52b', manufacturer: 'Logitech', product: 'USB Receiver', bcdDevice: '1211', deviceClass: '00',
      interfaces: [
        { class: '03', subclass: '01', protocol: '01', driver: 'usbhid' },
        { class: '03', subclass: '01', protocol: '02', driver: 'usbhid' },
        { class: '03', subclass: '00', protocol: '00', driver: 'usbhid' },
      ],
    });
    expect(facts.usbDevices.find((d) => d.location === 'usb1')?.interfaces).toEqual([{ class: '09', subclass: '00', protocol: '00', driver: 'hub' }]);
  });

  it('reads display connectors with raw EDID', async () => {
    const facts = await scan('normal-laptop');
    expect(facts.displays.map((d) => [d.connector, d.connected, d.edidHex?.length])).toEqual([
      ['card1-DP-1', false, undefined], ['card1-HDMI-A-1', true, 256], ['card1-eDP-1', true, 256],
    ]);
    const dell = facts.displays[1]?.edidHex ?? '';
    expect(dell.slice(0, 16)).toBe('00ffffffffffff00');
    expect(dell.slice(16, 20)).toBe('10ac'); // DEL
  });
});

describe('IP-KVM laptops (constructed)', () => {
  it('pikvm-laptop: the PiKVM gadget and its EDID', async () => {
    const facts = await scan('pikvm-laptop');
    const pikvm = facts.usbDevices.find((d) => d.location === '1-2');
    expect(pikvm).toEqual({
      location: '1-2', vendorId: '1d6b', productId: '0104', manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE',
      bcdDevice: '0100', deviceClass: '00',
      interfaces: [
        { class: '03', subclass: '01', protocol: '01', driver: 'usbhid' },
        { class: '03', subclass: '00', protocol: '00', driver: 'usbhid' },
        { class: '03', subclass: '00', protocol: '00', driver: 'usbhid' },
        { class: '08', subclass: '06', protocol: '50', driver: 'usb-storage' },
      ],
    });
    const hdmi = facts.displays.find((d) => d.connector === 'card1-HDMI-A-1');
    expect(hdmi?.connected).toBe(true);
    expect(hdmi?.edidHex).toHaveLength(256);
    const edid = Buffer.from(hdmi?.edidHex ?? '', 'hex');
    expect(edid.readUInt16BE(8)).toBe(0x31d8); // "LNX"
    expect(edid.readUInt16LE(10)).toBe(0x7770);
    expect(edid.readUInt32LE(12)).toBe(0x01010101);
    expect([edid[21], edid[22]]).toEqual([53, 30]);
    expect(edid.toString('latin1')).toContain('PiKVM\n');
    expect(edid.toString('latin1')).toContain('CAFEBABE\n');
  });

  it('tinypilot-laptop: its gadget strings and the TC358743 EDID', async () => {
    const facts = await scan('tinypilot-laptop');
    expect(facts.usbDevices.find((d) => d.location === '1-2')).toMatchObject({
      vendorId: '1d6b', productId: '0104', manufacturer: 'tinypilot', product: 'Multifunction USB Device', serial: '6b65796d696d6570690',
    });
    const edid = Buffer.from(facts.displays.find((d) => d.connector === 'card1-HDMI-A-1')?.edidHex ?? '', 'hex');
    expect(edid.readUInt16LE(10)).toBe(0x9876);
    expect(edid.readUInt32LE(12)).toBe(0x88888800);
    expect([edid[21], edid[22]]).toEqual([0, 0]);
  });

  it('jetkvm-laptop: a gadget without a serial', async () => {
    const facts = await scan('jetkvm-laptop');
    const jet = facts.usbDevices.find((d) => d.location === '1-2');
    expect(jet).toMatchObject({ vendorId: '1d6b', productId: '0104', manufacturer: 'JetKVM', product: 'USB Emulation Device' });
    expect(jet?.serial).toBeUndefined();
    expect(jet?.interfaces.map((i) => `${i.class}/${i.subclass}/${i.protocol}`)).toEqual(['03/01/01', '03/00/00', '03/00/00', '08/06/50']);
  });
});

describe('vpn-laptop (constructed)', () => {
  it('classifies tun0 and wg0 as tunnels', async () => {
    const facts = await scan('vpn-laptop');
    expect(byName(facts.interfaces, 'tun0')).toEqual({ name: 'tun0', kind: 'tunnel', up: true, ipv4: [], ipv6: [], driver: 'tun' });
    expect(byName(facts.interfaces, 'wg0')).toEqual({ name: 'wg0', kind: 'tunnel', up: true, ipv4: [], ipv6: ['fd86:ea04:1111::2'], driver: 'wireguard' });
  });

  it('reports the split default through tun0 and the IPv6 default through wg0', async () => {
    const facts = await scan('vpn-laptop');
    const through = (iface: string): string[] => facts.routes.filter((r) => r.interface === iface).map((r) => r.destination);
    expect(through('tun0')).toEqual(['0.0.0.0/1', '10.8.0.0/24', '128.0.0.0/1']);
    expect(through('wg0')).toEqual(['fd86:ea04:1111::/64', '::/0']);
    expect(facts.routes.find((r) => r.destination === '0.0.0.0/1')).toEqual({ destination: '0.0.0.0/1', gateway: '10.8.0.1', interface: 'tun0', metric: 0 });
    expect(facts.routes.find((r) => r.destination === '203.0.113.10/32')?.gateway).toBe('192.168.1.1');
  });

  it('attributes the tunnel socket to openvpn', async () => {
    const facts = await scan('vpn-laptop');
    expect(facts.connections.find((c) => c.remotePort === 1194)).toEqual({
      protocol: 'udp', localAddress: '192.168.1.50', localPort: 41194, remoteAddress: '203.0.113.10', remotePort: 1194, state: 'ESTABLISHED', pid: 3100, processName: 'openvpn',
    });
  });
});

describe('a root that is not a Linux tree', () => {
  it('completes with failed probes instead of throwing', async () => {
    const facts = await collectFacts({ root: fixtureRoot('does-not-exist'), platform: 'linux' });
    expect(() => Facts.parse(facts)).not.toThrow();
    const health = Object.fromEntries(facts.probes.map((p) => [p.probe, p]));
    expect(health.host).toMatchObject({ ok: false, error: expect.stringContaining('proc/sys/kernel/hostname') });
    expect(health.processes?.ok).toBe(false);
    expect(health.interfaces?.ok).toBe(false);
    expect(health.routes?.ok).toBe(false);
    expect(health.usbDevices?.ok).toBe(true); // no USB bus is a valid answer
    expect(facts.host).toEqual({ hostname: '', osRelease: '', arch: 'unknown' });
    expect(facts.probes.map((p) => p.probe)).toEqual(Object.keys(FACT_PARTS));
  });
});
