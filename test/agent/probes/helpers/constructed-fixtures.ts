// The constructed Linux fixtures (test/fixtures/linux/<name>/): one ordinary laptop and variants
// with an IP-KVM or a VPN. IP-KVM values come from shared/knowledge/laptop-farms.md (§2.1 USB
// descriptors, §2.3 EDID); the ordinary hardware uses common real-world ids.
// Regenerate with: npx tsx test/agent/probes/helpers/write-constructed-fixtures.ts
import { encodeEdid } from './edid.js';
import type { MachineSpec, UsbSpec } from './linux-tree.js';

export interface ConstructedFixture {
  name: string;
  readme: string;
  spec: MachineSpec;
}

const RTF_UP = 0x1;
const RTF_UP_GATEWAY = 0x3;
const RTF_LOCAL_HOST = 0x80200001;
const RTF_REJECT_ROUTE = 0x00200200;

const ROOT_HUBS: UsbSpec[] = [
  {
    name: 'usb1', idVendor: '1d6b', idProduct: '0002', manufacturer: 'Linux 6.8.0-45-generic xhci-hcd', product: 'xHCI Host Controller',
    serial: '0000:00:14.0', bcdDevice: '0608', bDeviceClass: '09', interfaces: [{ cls: '09', subclass: '00', protocol: '00', driver: 'hub' }],
  },
  {
    name: 'usb2', idVendor: '1d6b', idProduct: '0003', manufacturer: 'Linux 6.8.0-45-generic xhci-hcd', product: 'xHCI Host Controller',
    serial: '0000:00:14.0', bcdDevice: '0608', bDeviceClass: '09', interfaces: [{ cls: '09', subclass: '00', protocol: '00', driver: 'hub' }],
  },
];

const WEBCAM: UsbSpec = {
  name: '1-6', idVendor: '04f2', idProduct: 'b7b6', manufacturer: 'Chicony Electronics Co.,Ltd.', product: 'Integrated Camera', serial: '0001',
  bcdDevice: '0017', bDeviceClass: 'ef',
  interfaces: [{ cls: '0e', subclass: '01', protocol: '00', driver: 'uvcvideo' }, { cls: '0e', subclass: '02', protocol: '00', driver: 'uvcvideo' }],
};

const LOGITECH_RECEIVER: UsbSpec = {
  name: '1-3', idVendor: '046d', idProduct: 'c52b', manufacturer: 'Logitech', product: 'USB Receiver', bcdDevice: '1211', bDeviceClass: '00',
  interfaces: [
    { cls: '03', subclass: '01', protocol: '01', driver: 'usbhid' },
    { cls: '03', subclass: '01', protocol: '02', driver: 'usbhid' },
    { cls: '03', subclass: '00', protocol: '00', driver: 'usbhid' },
  ],
};

const PANEL_EDID = encodeEdid({ manufacturer: 'BOE', productCode: 0x0bca, serialNumber: 0, name: 'NE140WUM-N62', widthCm: 30, heightCm: 19, year: 2023 });
const DELL_EDID = encodeEdid({
  manufacturer: 'DEL', productCode: 0xa0c6, serialNumber: 0x30314c42, name: 'DELL U2419H', serialText: '7TQ5K93', widthCm: 53, heightCm: 30, week: 12, year: 2021,
});
export const PIKVM_EDID = encodeEdid({
  manufacturer: 'LNX', productCode: 0x7770, serialNumber: 0x01010101, name: 'PiKVM', serialText: 'CAFEBABE', widthCm: 53, heightCm: 30, year: 2019,
});
export const TINYPILOT_EDID = encodeEdid({ manufacturer: 'TSB', productCode: 0x9876, serialNumber: 0x88888800, name: 'TinyPilot', widthCm: 0, heightCm: 0, year: 2020 });
export const JETKVM_EDID = encodeEdid({ manufacturer: 'TSB', productCode: 0x8801, serialNumber: 0x88888800, name: 'T749-fHD720', widthCm: 0, heightCm: 0, year: 2024 });

/** An ordinary Linux laptop on home Wi-Fi with a Logitech receiver and a Dell monitor on HDMI. */
function normalLaptop(hostname: string): MachineSpec {
  return {
    host: {
      hostname, prettyName: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-45-generic', arch: 'x86_64', uptime: '5231.42 20480.11',
      timezone: 'America/Chicago', locale: 'en_US.UTF-8',
      dmi: { sys_vendor: 'LENOVO', product_name: '21HD0055US', product_serial: 'PF4ABCDE', product_uuid: '4c4c4544-0031-3510-8052-b4c04f4a3233' },
      users: [{ name: 'root', uid: 0 }, { name: 'avahi', uid: 104 }, { name: 'alice', uid: 1000 }],
    },
    interfaces: [
      { name: 'lo', operstate: 'unknown', flags: 0x9, type: 772, ifindex: 1, mac: '00:00:00:00:00:00', ipv6: [{ address: '::1', prefix: 128, scope: 0x10 }] },
      { name: 'enp0s31f6', operstate: 'down', flags: 0x1003, type: 1, ifindex: 2, mac: '8c:16:45:aa:bb:01', driver: 'e1000e' },
      {
        name: 'wlp0s20f3', operstate: 'up', flags: 0x1003, type: 1, ifindex: 3, mac: 'a4:c3:f0:11:22:33', devtype: 'wlan', wireless: true, driver: 'iwlwifi',
        ipv6: [{ address: 'fe80::a6c3:f0ff:fe11:2233', prefix: 64, scope: 0x20 }, { address: '2601:600:8a00:1234::50', prefix: 128, scope: 0 }],
      },
      { name: 'docker0', operstate: 'down', flags: 0x1003, type: 1, ifindex: 4, mac: '02:42:7d:3e:11:aa', devtype: 'bridge' },
    ],
    routes4: [
      { destination: '0.0.0.0', prefix: 0, gateway: '192.168.1.1', iface: 'wlp0s20f3', metric: 600 },
      { destination: '172.17.0.0', prefix: 16, iface: 'docker0', metric: 0 },
      { destination: '192.168.1.0', prefix: 24, iface: 'wlp0s20f3', metric: 600 },
    ],
    routes6: [
      { destination: '2601:600:8a00:1234::', prefix: 64, iface: 'wlp0s20f3', metric: 600, flags: RTF_UP },
      { destination: 'fe80::', prefix: 64, iface: 'wlp0s20f3', metric: 1024, flags: RTF_UP },
      { destination: '::', prefix: 0, nextHop: 'fe80::f29f:c2ff:fe12:3456', iface: 'wlp0s20f3', metric: 600, flags: RTF_UP_GATEWAY },
      { destination: '::1', prefix: 128, iface: 'lo', metric: 0, flags: RTF_LOCAL_HOST },
      { destination: 'ff00::', prefix: 8, iface: 'wlp0s20f3', metric: 256, flags: RTF_UP },
      { destination: '::', prefix: 0, iface: 'lo', metric: 0xffffffff, flags: RTF_REJECT_ROUTE },
    ],
    arp: [
      { ip: '192.168.1.1', mac: 'f0:9f:c2:12:34:56', iface: 'wlp0s20f3', flags: 0x2 },
      { ip: '192.168.1.23', mac: '00:00:00:00:00:00', iface: 'wlp0s20f3', flags: 0x0 },
      { ip: '192.168.1.40', mac: 'b8:27:eb:01:02:03', iface: 'wlp0s20f3', flags: 0x2 },
    ],
    sockets: [
      { protocol: 'tcp', local: ['127.0.0.1', 631], remote: ['0.0.0.0', 0], state: 0x0a, uid: 0, inode: 30001 },
      { protocol: 'tcp', local: ['192.168.1.50', 51514], remote: ['140.82.112.3', 443], state: 0x01, uid: 1000, inode: 40001 },
      { protocol: 'tcp', local: ['192.168.1.50', 51500], remote: ['140.82.112.3', 443], state: 0x06, uid: 0, inode: 0 },
      { protocol: 'tcp6', local: ['::1', 631], remote: ['::', 0], state: 0x0a, uid: 0, inode: 30003 },
      { protocol: 'udp', local: ['0.0.0.0', 5353], remote: ['0.0.0.0', 0], state: 0x07, uid: 104, inode: 30002 },
    ],
    processes: [
      { pid: 1, ppid: 0, comm: 'systemd', uid: 0, exe: '/usr/lib/systemd/systemd', cmdline: ['/sbin/init', 'splash'] },
      { pid: 95, ppid: 2, comm: 'kworker/0:1-events', uid: 0 },
      { pid: 812, ppid: 1, comm: 'cupsd', uid: 0, exe: '/usr/sbin/cupsd', cmdline: ['/usr/sbin/cupsd', '-l'], fds: { 0: '/dev/null', 6: 'socket:[30001]', 7: 'socket:[30003]' } },
      { pid: 830, ppid: 1, comm: 'avahi-daemon', uid: 104, cmdline: ['avahi-daemon: running [lt.local]'], fds: { 12: 'socket:[30002]' } },
      { pid: 2301, ppid: 1990, comm: 'firefox', uid: 1000, exe: '/usr/lib/firefox/firefox', cmdline: ['/usr/lib/firefox/firefox'], fds: { 3: 'anon_inode:[eventfd]', 45: 'socket:[40001]' } },
      { pid: 2400, ppid: 1990, comm: 'gnome-terminal-server', uid: 1000, exe: '/usr/libexec/gnome-terminal-server', cmdline: ['/usr/libexec/gnome-terminal-server'] },
    ],
    usb: [...ROOT_HUBS, LOGITECH_RECEIVER, WEBCAM],
    drm: [
      { connector: 'card1-eDP-1', status: 'connected', edid: PANEL_EDID },
      { connector: 'card1-HDMI-A-1', status: 'connected', edid: DELL_EDID },
      { connector: 'card1-DP-1', status: 'disconnected' },
    ],
  };
}

/** The ordinary laptop with an IP-KVM in place of its peripherals: its USB gadget plus its HDMI capture EDID. */
function kvmLaptop(hostname: string, gadget: UsbSpec, edid: Buffer): MachineSpec {
  const base = normalLaptop(hostname);
  return {
    ...base,
    usb: [...ROOT_HUBS, gadget, WEBCAM],
    drm: [
      { connector: 'card1-eDP-1', status: 'connected', edid: PANEL_EDID },
      { connector: 'card1-HDMI-A-1', status: 'connected', edid },
      { connector: 'card1-DP-1', status: 'disconnected' },
    ],
  };
}

const HID_KEYBOARD = { cls: '03', subclass: '01', protocol: '01', driver: 'usbhid' };
const HID_MOUSE = { cls: '03', subclass: '00', protocol: '00', driver: 'usbhid' };
const MASS_STORAGE = { cls: '08', subclass: '06', protocol: '50', driver: 'usb-storage' };

function vpnLaptop(): MachineSpec {
  const base = normalLaptop('lt-vpn');
  return {
    ...base,
    interfaces: [
      ...base.interfaces,
      { name: 'tun0', operstate: 'unknown', flags: 0x10d1, type: 65534, ifindex: 5, tunFlags: 0x1001 },
      { name: 'wg0', operstate: 'unknown', flags: 0x91, type: 65534, ifindex: 6, devtype: 'wireguard', ipv6: [{ address: 'fd86:ea04:1111::2', prefix: 64, scope: 0 }] },
    ],
    routes4: [
      // OpenVPN's redirect-gateway def1: two /1 routes override the Wi-Fi default without deleting it.
      { destination: '0.0.0.0', prefix: 1, gateway: '10.8.0.1', iface: 'tun0', metric: 0 },
      { destination: '0.0.0.0', prefix: 0, gateway: '192.168.1.1', iface: 'wlp0s20f3', metric: 600 },
      { destination: '10.8.0.0', prefix: 24, iface: 'tun0', metric: 0 },
      { destination: '128.0.0.0', prefix: 1, gateway: '10.8.0.1', iface: 'tun0', metric: 0 },
      { destination: '192.168.1.0', prefix: 24, iface: 'wlp0s20f3', metric: 600 },
      { destination: '203.0.113.10', prefix: 32, gateway: '192.168.1.1', iface: 'wlp0s20f3', metric: 0 },
    ],
    routes6: [
      { destination: 'fd86:ea04:1111::', prefix: 64, iface: 'wg0', metric: 256, flags: RTF_UP },
      { destination: '::', prefix: 0, iface: 'wg0', metric: 1024, flags: RTF_UP },
      { destination: 'fe80::', prefix: 64, iface: 'wlp0s20f3', metric: 1024, flags: RTF_UP },
    ],
    sockets: [
      ...base.sockets,
      { protocol: 'udp', local: ['192.168.1.50', 41194], remote: ['203.0.113.10', 1194], state: 0x01, uid: 0, inode: 50001 },
    ],
    processes: [
      ...base.processes,
      { pid: 3100, ppid: 1, comm: 'openvpn', uid: 0, exe: '/usr/sbin/openvpn', cmdline: ['/usr/sbin/openvpn', '--config', '/etc/openvpn/client.conf'], fds: { 5: 'socket:[50001]', 6: '/dev/net/tun' } },
    ],
  };
}

const KNOWLEDGE = 'constructed from values in shared/knowledge/laptop-farms.md';

const readme = (title: string, lines: string[]): string =>
  [`# ${title}`, '', `Not a recording: ${KNOWLEDGE} and typical values of ordinary laptop hardware,`,
    'generated by test/agent/probes/helpers/write-constructed-fixtures.ts (edit the spec in',
    'test/agent/probes/helpers/constructed-fixtures.ts and rerun it; a test checks the two agree).', '',
    'Layout: the /proc, /sys and /etc files the probes read, at their system paths under this directory;',
    'symlinks (`exe`, `fd/N`, `driver`) hold only their target text. EDID files are binary.', '', ...lines, ''].join('\n');

export const CONSTRUCTED_FIXTURES: ConstructedFixture[] = [
  {
    name: 'normal-laptop',
    readme: readme('normal-laptop', [
      'An ordinary laptop (Lenovo, Ubuntu 24.04) on home Wi-Fi: wlp0s20f3 default route via 192.168.1.1, a down',
      'enp0s31f6 and a docker0 bridge; USB root hubs, a Logitech receiver 046d:c52b (keyboard 03/01/01, mouse',
      '03/01/02, HID++ 03/00/00) and an integrated camera; displays: internal eDP panel (BOE), Dell U2419H on',
      'HDMI-A-1 (DEL 0xa0c6, 53x30 cm), DP-1 disconnected with an empty edid file.',
    ]),
    spec: normalLaptop('lt-normal'),
  },
  {
    name: 'pikvm-laptop',
    readme: readme('pikvm-laptop', [
      'The normal laptop driven by a PiKVM: USB 1-2 is 1d6b:0104 `PiKVM` / `PiKVM Composite Device` / `CAFEBABE`,',
      'bcdDevice 0100, interfaces HID keyboard 03/01/01, HID mouse 03/00/00 twice, mass storage 08/06/50;',
      'HDMI-A-1 carries the PiKVM EDID: LNX 0x7770, serial 0x01010101, name `PiKVM`, serial string `CAFEBABE`, 53x30 cm.',
    ]),
    spec: kvmLaptop('lt-pikvm', {
      name: '1-2', idVendor: '1d6b', idProduct: '0104', manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE',
      bcdDevice: '0100', bDeviceClass: '00', interfaces: [HID_KEYBOARD, HID_MOUSE, HID_MOUSE, MASS_STORAGE],
    }, PIKVM_EDID),
  },
  {
    name: 'tinypilot-laptop',
    readme: readme('tinypilot-laptop', [
      'The normal laptop driven by a TinyPilot: USB 1-2 is 1d6b:0104 `tinypilot` / `Multifunction USB Device` /',
      '`6b65796d696d6570690`, interfaces HID keyboard 03/01/01, HID mouse 03/00/00, mass storage 08/06/50 and a CDC',
      'ECM network function (02/06/00 + 0a/00/00); HDMI-A-1 EDID: TSB 0x9876, serial 0x88888800, `TinyPilot`, 0x0 cm.',
      'The interface list beyond the strings in the knowledge file is illustrative.',
    ]),
    spec: kvmLaptop('lt-tinypilot', {
      name: '1-2', idVendor: '1d6b', idProduct: '0104', manufacturer: 'tinypilot', product: 'Multifunction USB Device', serial: '6b65796d696d6570690',
      bcdDevice: '0100', bDeviceClass: '00',
      interfaces: [HID_KEYBOARD, HID_MOUSE, MASS_STORAGE, { cls: '02', subclass: '06', protocol: '00', driver: 'cdc_ether' }, { cls: '0a', subclass: '00', protocol: '00', driver: 'cdc_ether' }],
    }, TINYPILOT_EDID),
  },
  {
    name: 'jetkvm-laptop',
    readme: readme('jetkvm-laptop', [
      'The normal laptop driven by a JetKVM: USB 1-2 is 1d6b:0104 `JetKVM` / `USB Emulation Device` with no serial,',
      'interfaces HID keyboard 03/01/01, HID mouse 03/00/00 twice, mass storage 08/06/50; HDMI-A-1 EDID: TSB 0x8801,',
      'serial 0x88888800, `T749-fHD720`, 0x0 cm. The interface list is illustrative.',
    ]),
    spec: kvmLaptop('lt-jetkvm', {
      name: '1-2', idVendor: '1d6b', idProduct: '0104', manufacturer: 'JetKVM', product: 'USB Emulation Device',
      bcdDevice: '0100', bDeviceClass: '00', interfaces: [HID_KEYBOARD, HID_MOUSE, HID_MOUSE, MASS_STORAGE],
    }, JETKVM_EDID),
  },
  {
    name: 'vpn-laptop',
    readme: readme('vpn-laptop', [
      'The normal laptop with its traffic in tunnels: OpenVPN tun0 (tun_flags 0x1001) takes IPv4 with the split',
      '0.0.0.0/1 + 128.0.0.0/1 via 10.8.0.1 (the Wi-Fi 0.0.0.0/0 stays, plus a /32 host route to the VPN server',
      '203.0.113.10), WireGuard wg0 (DEVTYPE=wireguard) takes IPv6 with ::/0; process 3100 `openvpn` owns the UDP',
      'socket to 203.0.113.10:1194.',
    ]),
    spec: vpnLaptop(),
  },
];
