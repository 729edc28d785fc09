// The constructed Linux fixtures (test/fixtures/linux/<name>/): one ordinary laptop and variants
// with an IP-KVM or a VPN. IP-KVM values come from shared/knowledge/laptop-farms.md (§2.1 USB
// descriptors, §2.3 EDID); the ordinary hardware uses common real-world ids.
// Regenerate with: npx tsx test/agent/probes/helpers/write-constructed-fixtures.ts
import { NORMAL_LAPTOP_FILES, VPN_LAPTOP_FILES } from './constructed-files.js';
import { encodeEdid } from './edid.js';
import { ABSOLUTE_MOUSE, BOOT_KEYBOARD, LOGITECH_RECEIVER_MOUSE, RELATIVE_MOUSE, TOUCHPAD, VENDOR_HIDPP } from './hid-descriptors.js';
import type { MachineSpec, PowerSpec, ScsiSpec, UsbInterfaceSpec, UsbSpec } from './linux-tree.js';

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
    { cls: '03', subclass: '01', protocol: '01', driver: 'usbhid', hid: { descriptor: BOOT_KEYBOARD } },
    { cls: '03', subclass: '01', protocol: '02', driver: 'usbhid', hid: { descriptor: LOGITECH_RECEIVER_MOUSE } },
    { cls: '03', subclass: '00', protocol: '00', driver: 'usbhid', hid: { descriptor: VENDOR_HIDPP } },
  ],
};

// Peripherals of an ordinary desk: a USB 2 hub with a Logitech C925e webcam (UVC video + audio)
// behind it, and a USB 3 dock hub with a Realtek gigabit Ethernet adapter.
const USB_HUB: UsbSpec = {
  name: '1-4', idVendor: '05e3', idProduct: '0610', manufacturer: 'GenesysLogic', product: 'USB2.1 Hub', bcdDevice: '6061', bDeviceClass: '09',
  interfaces: [{ cls: '09', subclass: '00', protocol: '02', driver: 'hub' }],
};
const EXTERNAL_WEBCAM: UsbSpec = {
  name: '1-4.1', idVendor: '046d', idProduct: '085b', product: 'Logitech Webcam C925e', serial: 'A1B2C3D4', bcdDevice: '0016', bDeviceClass: 'ef',
  interfaces: [
    { cls: '0e', subclass: '01', protocol: '00', driver: 'uvcvideo' }, { cls: '0e', subclass: '02', protocol: '00', driver: 'uvcvideo' },
    { cls: '01', subclass: '01', protocol: '00', driver: 'snd-usb-audio' }, { cls: '01', subclass: '02', protocol: '00', driver: 'snd-usb-audio' },
  ],
};
const DOCK_HUB: UsbSpec = {
  name: '2-1', idVendor: '0bda', idProduct: '0411', manufacturer: 'Generic', product: 'USB3.2 Hub', bcdDevice: '0104', bDeviceClass: '09',
  interfaces: [{ cls: '09', subclass: '00', protocol: '00', driver: 'hub' }],
};
const DOCK_ETHERNET: UsbSpec = {
  name: '2-1.2', idVendor: '0bda', idProduct: '8153', manufacturer: 'Realtek', product: 'USB 10/100/1000 LAN', serial: '000001', bcdDevice: '3100', bDeviceClass: '00',
  interfaces: [{ cls: 'ff', subclass: 'ff', protocol: '00', driver: 'r8152' }],
};

/** The laptop's I2C touchpad: a digitizer with absolute finger positions, never an absolute mouse. */
const TOUCHPAD_HID = {
  parent: 'sys/devices/pci0000:00/0000:00:15.0/i2c_designware.0/i2c-0/i2c-ELAN0001:00', bus: '0018', vendor: '04F3', product: '3282',
  name: 'ELAN0001:00 04F3:3282', descriptor: TOUCHPAD,
};

const ON_AC_LID_OPEN: PowerSpec = {
  supplies: [
    { name: 'AC', type: 'Mains', online: true },
    { name: 'BAT0', type: 'Battery', present: true },
    // A wireless mouse's battery, reported through its receiver: scope Device, not the laptop's.
    { name: 'hidpp_battery_0', type: 'Battery', present: true, online: true, scope: 'Device' },
  ],
  lid: 'open',
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
    usb: [...ROOT_HUBS, LOGITECH_RECEIVER, WEBCAM, USB_HUB, EXTERNAL_WEBCAM, DOCK_HUB, DOCK_ETHERNET],
    platformHid: [TOUCHPAD_HID],
    power: ON_AC_LID_OPEN,
    files: NORMAL_LAPTOP_FILES,
    drm: [
      { connector: 'card1-eDP-1', status: 'connected', edid: PANEL_EDID },
      { connector: 'card1-HDMI-A-1', status: 'connected', edid: DELL_EDID },
      { connector: 'card1-DP-1', status: 'disconnected' },
    ],
  };
}

/** The ordinary laptop with an IP-KVM in place of its peripherals: its USB gadget plus its HDMI capture EDID. */
function kvmLaptop(hostname: string, gadget: UsbSpec, edid: Buffer, extra: Partial<MachineSpec> = {}): MachineSpec {
  const base = normalLaptop(hostname);
  return {
    ...base,
    ...extra,
    usb: [...ROOT_HUBS, gadget, WEBCAM],
    drm: [
      { connector: 'card1-eDP-1', status: 'connected', edid: PANEL_EDID },
      { connector: 'card1-HDMI-A-1', status: 'connected', edid },
      { connector: 'card1-DP-1', status: 'disconnected' },
    ],
  };
}

const HID_KEYBOARD: UsbInterfaceSpec = { cls: '03', subclass: '01', protocol: '01', driver: 'usbhid', hid: { descriptor: BOOT_KEYBOARD } };
const HID_ABSOLUTE_MOUSE: UsbInterfaceSpec = { cls: '03', subclass: '00', protocol: '00', driver: 'usbhid', hid: { descriptor: ABSOLUTE_MOUSE } };
const HID_RELATIVE_MOUSE: UsbInterfaceSpec = { cls: '03', subclass: '00', protocol: '00', driver: 'usbhid', hid: { descriptor: RELATIVE_MOUSE } };
const massStorage = (scsi: ScsiSpec): UsbInterfaceSpec => ({ cls: '08', subclass: '06', protocol: '50', driver: 'usb-storage', scsi });
const cdrom = (vendor: string, model: string, rev: string): ScsiSpec => ({ host: 6, vendor, model, rev, type: 5, block: 'sr0', removable: true });

function vpnLaptop(): MachineSpec {
  const base = normalLaptop('lt-vpn');
  return {
    ...base,
    files: VPN_LAPTOP_FILES,
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
      'Software and settings (test/agent/probes/helpers/constructed-files.ts): US keyboard, systemd-resolved stub',
      'resolv.conf with upstream 192.168.1.1, desktop entries for Firefox, Terminal and VS Code, /opt/google/chrome,',
      '/usr/local/aws-cli, cups and avahi-daemon enabled with their cgroups (running).',
      'HID report descriptors (constructed, see test/agent/probes/helpers/hid-descriptors.ts): the receiver\'s boot',
      'keyboard, its relative 16-bit mouse (report id 2) and a vendor HID++ collection; an I2C ELAN touchpad',
      '(bus 0018, digitizer + relative mouse) reached through /sys/class/hidraw. Desk peripherals: GenesysLogic hub',
      '05e3:0610 (1-4) with a Logitech C925e webcam 046d:085b (1-4.1, UVC + audio), a USB 3 dock hub 0bda:0411 (2-1)',
      'with a Realtek 0bda:8153 gigabit Ethernet adapter (2-1.2). Power: AC online, BAT0 present, a wireless mouse',
      'battery (scope Device), lid open.',
    ]),
    spec: normalLaptop('lt-normal'),
  },
  {
    name: 'pikvm-laptop',
    readme: readme('pikvm-laptop', [
      'The normal laptop driven by a PiKVM: USB 1-2 is 1d6b:0104 `PiKVM` / `PiKVM Composite Device` / `CAFEBABE`,',
      'bcdDevice 0100, interfaces HID keyboard 03/01/01 (boot keyboard descriptor), HID mouse 03/00/00 twice (absolute',
      'X/Y 0..32767, then relative, as kvmd\'s mouse and mouse_alt), mass storage 08/06/50 with a CD-ROM LUN answering',
      'inquiry `PiKVM   Optical Drive   1.00`; HDMI-A-1 carries the PiKVM EDID: LNX 0x7770, serial 0x01010101, name',
      '`PiKVM`, serial string `CAFEBABE`, 53x30 cm. The lid is closed and sleep.target is masked (-> /dev/null).',
    ]),
    spec: kvmLaptop('lt-pikvm', {
      name: '1-2', idVendor: '1d6b', idProduct: '0104', manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE',
      bcdDevice: '0100', bDeviceClass: '00',
      interfaces: [HID_KEYBOARD, HID_ABSOLUTE_MOUSE, HID_RELATIVE_MOUSE, massStorage(cdrom('PiKVM', 'Optical Drive', '1.00'))],
    }, PIKVM_EDID, { power: { ...ON_AC_LID_OPEN, lid: 'closed', sleepMasked: true } }),
  },
  {
    name: 'tinypilot-laptop',
    readme: readme('tinypilot-laptop', [
      'The normal laptop driven by a TinyPilot: USB 1-2 is 1d6b:0104 `tinypilot` / `Multifunction USB Device` /',
      '`6b65796d696d6570690`, interfaces HID keyboard 03/01/01, HID absolute mouse 03/00/00 (X/Y 0..32767), mass',
      'storage 08/06/50 with a CD-ROM LUN answering the Linux gadget default inquiry `Linux   File-CD Gadget   0601`,',
      'and a CDC ECM network function (02/06/00 + 0a/00/00); HDMI-A-1 EDID: TSB 0x9876, serial 0x88888800,',
      '`TinyPilot`, 0x0 cm. The interface list beyond the strings in the knowledge file is illustrative.',
    ]),
    spec: kvmLaptop('lt-tinypilot', {
      name: '1-2', idVendor: '1d6b', idProduct: '0104', manufacturer: 'tinypilot', product: 'Multifunction USB Device', serial: '6b65796d696d6570690',
      bcdDevice: '0100', bDeviceClass: '00',
      interfaces: [
        HID_KEYBOARD, HID_ABSOLUTE_MOUSE, massStorage(cdrom('Linux', 'File-CD Gadget', '0601')),
        { cls: '02', subclass: '06', protocol: '00', driver: 'cdc_ether' }, { cls: '0a', subclass: '00', protocol: '00', driver: 'cdc_ether' },
      ],
    }, TINYPILOT_EDID),
  },
  {
    name: 'jetkvm-laptop',
    readme: readme('jetkvm-laptop', [
      'The normal laptop driven by a JetKVM: USB 1-2 is 1d6b:0104 `JetKVM` / `USB Emulation Device` with no serial,',
      'interfaces HID keyboard 03/01/01, HID mouse 03/00/00 twice (absolute, then relative), mass storage 08/06/50',
      'with a CD-ROM LUN answering `JetKVM  Virtual Media`; HDMI-A-1 EDID: TSB 0x8801, serial 0x88888800,',
      '`T749-fHD720`, 0x0 cm; the JetKVM itself is an ARP neighbour (192.168.1.77, OUI 30:52:53). The interface',
      'list is illustrative.',
    ]),
    spec: kvmLaptop('lt-jetkvm', {
      name: '1-2', idVendor: '1d6b', idProduct: '0104', manufacturer: 'JetKVM', product: 'USB Emulation Device',
      bcdDevice: '0100', bDeviceClass: '00',
      interfaces: [HID_KEYBOARD, HID_ABSOLUTE_MOUSE, HID_RELATIVE_MOUSE, massStorage(cdrom('JetKVM', 'Virtual Media', '0.1'))],
    }, JETKVM_EDID, { arp: [...normalLaptop('lt-jetkvm').arp, { ip: '192.168.1.77', mac: '30:52:53:0a:0b:0c', iface: 'wlp0s20f3', flags: 0x2 }] }),
  },
  {
    name: 'pico-hid-laptop',
    readme: readme('pico-hid-laptop', [
      'The normal laptop driven by a PiKVM whose keyboard and mouse come from a PiKVM Pico HID (an RP2040 board):',
      'USB 1-2 is 1209:eda2 `PiKVM` / `PiKVM HID` (no serial) with HID keyboard 03/01/01 and HID absolute mouse',
      '03/00/00 (X/Y 0..32767), no mass storage; HDMI-A-1 carries the PiKVM EDID as in pikvm-laptop. The interface',
      'list beyond the ids and strings in the knowledge file is illustrative.',
    ]),
    spec: kvmLaptop('lt-pico-hid', {
      name: '1-2', idVendor: '1209', idProduct: 'eda2', manufacturer: 'PiKVM', product: 'PiKVM HID',
      bcdDevice: '0100', bDeviceClass: '00',
      interfaces: [HID_KEYBOARD, HID_ABSOLUTE_MOUSE],
    }, PIKVM_EDID),
  },
  {
    name: 'server-kvm-laptop',
    readme: readme('server-kvm-laptop', [
      'The normal laptop behind an ATEN KVM switch: USB 1-2 is 0557:2419 (the ATEN id of the knowledge file, 2.1)',
      'emulating a boot keyboard 03/01/01 and a relative mouse 03/00/00, no virtual media; the Dell U2419H EDID of',
      'normal-laptop on HDMI-A-1. Legitimate desks use such switches, so this is context (medium), not a verdict.',
      'The strings `ATEN` / `CS1784A` and the interface list are illustrative.',
    ]),
    spec: kvmLaptop('lt-server-kvm', {
      name: '1-2', idVendor: '0557', idProduct: '2419', manufacturer: 'ATEN', product: 'CS1784A',
      bcdDevice: '0100', bDeviceClass: '00',
      interfaces: [HID_KEYBOARD, HID_RELATIVE_MOUSE],
    }, DELL_EDID),
  },
  {
    name: 'relabelled-kvm',
    readme: readme('relabelled-kvm', [
      'The normal laptop driven by an IP-KVM whose operator copied a Logitech receiver\'s identity and a Dell',
      'monitor\'s EDID: USB 1-2 claims 046d:c52b `Logitech` / `USB Receiver` (bcdDevice 1211, no serial) but has',
      'the PiKVM structure: boot keyboard 03/01/01, absolute mouse 03/00/00 (X/Y 0..32767) and mass storage 08/06/50',
      'with a CD-ROM LUN whose inquiry strings were changed too (`Logitech USB Receiver 1.00`). HDMI-A-1 carries an',
      'exact copy of the Dell U2419H EDID of normal-laptop. Only the structure gives it away.',
    ]),
    spec: kvmLaptop('lt-relabelled', {
      name: '1-2', idVendor: '046d', idProduct: 'c52b', manufacturer: 'Logitech', product: 'USB Receiver',
      bcdDevice: '1211', bDeviceClass: '00',
      interfaces: [HID_KEYBOARD, HID_ABSOLUTE_MOUSE, massStorage(cdrom('Logitech', 'USB Receiver', '1.00'))],
    }, DELL_EDID),
  },
  {
    name: 'vpn-laptop',
    readme: readme('vpn-laptop', [
      'The normal laptop with its traffic in tunnels: OpenVPN tun0 (tun_flags 0x1001) takes IPv4 with the split',
      '0.0.0.0/1 + 128.0.0.0/1 via 10.8.0.1 (the Wi-Fi 0.0.0.0/0 stays, plus a /32 host route to the VPN server',
      '203.0.113.10), WireGuard wg0 (DEVTYPE=wireguard) takes IPv6 with ::/0; process 3100 `openvpn` owns the UDP',
      'socket to 203.0.113.10:1194.',
      'Astrill VPN is installed but not running (/usr/local/Astrill/astrill, empty placeholder); /etc/environment sets',
      'http_proxy and https_proxy to http://127.0.0.1:12344/ (Astrill\'s local proxy); /etc/default/keyboard has',
      'XKBLAYOUT="us,kr" with variant kr104. Those files: test/agent/probes/helpers/constructed-files.ts.',
    ]),
    spec: vpnLaptop(),
  },
];
