// Describes a Linux machine as the /proc, /sys and /etc files the probes read, and writes it out
// as a fixture tree (test/fixtures/linux/<name>/). The formats follow the kernel's own printf
// formats for each file so a fixture reads like a recording.
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ipv4ToKernelHex, ipv6ToKernelHex, ipv6ToSocketTableHex, prefixToKernelMaskHex } from './addresses.js';

export interface HostSpec {
  hostname: string;
  prettyName: string;
  kernel: string;
  arch: string;
  uptime: string;
  timezone: string;
  locale: string;
  dmi?: { sys_vendor?: string; product_name?: string; product_serial?: string; product_uuid?: string };
  users: Array<{ name: string; uid: number }>;
}

export interface NetSpec {
  name: string;
  mac?: string;
  operstate: 'up' | 'down' | 'unknown' | 'dormant';
  flags: number;
  type: number;
  ifindex: number;
  devtype?: string;
  tunFlags?: number;
  wireless?: boolean;
  /** Kernel driver behind the `device` link; absent for virtual devices. */
  driver?: string;
  ipv6?: Array<{ address: string; prefix: number; scope: number }>;
}

export interface Route4Spec { destination: string; prefix: number; gateway?: string; iface: string; metric: number }
export interface Route6Spec { destination: string; prefix: number; nextHop?: string; iface: string; metric: number; flags: number }
export interface ArpSpec { ip: string; mac: string; iface: string; flags: number }
export interface SocketSpec {
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  local: [string, number];
  remote: [string, number];
  state: number;
  uid: number;
  inode: number;
}
export interface ProcessSpec { pid: number; ppid: number; comm: string; uid: number; exe?: string; cmdline?: string[]; fds?: Record<number, string> }
export interface UsbInterfaceSpec {
  cls: string;
  subclass: string;
  protocol: string;
  driver?: string;
  /** A HID function: its report descriptor and HID_NAME. */
  hid?: { descriptor: Buffer; name?: string };
  /** A SCSI LUN behind a mass-storage interface. */
  scsi?: ScsiSpec;
}
/** SCSI inquiry strings as the kernel prints them (padded to 8/16/4), peripheral type (5 = CD-ROM), block device. */
export interface ScsiSpec { host: number; vendor: string; model: string; rev: string; type: number; block: string; removable: boolean }
/** A HID device on another bus (I2C touchpad), reached through /sys/class/hidraw. */
export interface PlatformHidSpec { parent: string; bus: string; vendor: string; product: string; name: string; descriptor: Buffer }
export interface PowerSupplySpec { name: string; type: 'Mains' | 'Battery' | 'USB'; online?: boolean; present?: boolean; scope?: 'System' | 'Device' }
export interface PowerSpec { supplies: PowerSupplySpec[]; lid?: 'open' | 'closed'; sleepMasked?: boolean }
export interface UsbSpec {
  name: string;
  idVendor: string;
  idProduct: string;
  manufacturer?: string;
  product?: string;
  serial?: string;
  bcdDevice: string;
  bDeviceClass: string;
  interfaces: UsbInterfaceSpec[];
}
export interface DrmSpec { connector: string; status: 'connected' | 'disconnected'; edid?: Buffer }

export interface MachineSpec {
  host: HostSpec;
  interfaces: NetSpec[];
  routes4: Route4Spec[];
  routes6: Route6Spec[];
  arp: ArpSpec[];
  sockets: SocketSpec[];
  processes: ProcessSpec[];
  usb: UsbSpec[];
  drm: DrmSpec[];
  platformHid?: PlatformHidSpec[];
  power?: PowerSpec;
  /** Other files at their system paths (/etc, /usr, /opt, /run, /sys/fs/cgroup): text, or a symlink target. */
  files?: ExtraFileSpec[];
}

export interface ExtraFileSpec { path: string; content?: string; link?: string }

export type TreeEntry = { kind: 'file'; content: Buffer } | { kind: 'link'; target: string };
export type Tree = Map<string, TreeEntry>;

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
const line = (text: string): Buffer => Buffer.from(`${text}\n`);

function hostEntries(tree: Tree, host: HostSpec): void {
  const file = (path: string, text: string): void => void tree.set(path, { kind: 'file', content: line(text) });
  file('proc/sys/kernel/hostname', host.hostname);
  file('proc/sys/kernel/osrelease', host.kernel);
  file('proc/sys/kernel/arch', host.arch);
  file('proc/uptime', host.uptime);
  file('etc/os-release', `PRETTY_NAME="${host.prettyName}"\nID=constructed`);
  file('etc/timezone', host.timezone);
  file('etc/default/locale', `LANG=${host.locale}`);
  file('etc/passwd', host.users.map((u) => `${u.name}:x:${u.uid}:${u.uid}::/home/${u.name}:/bin/sh`).join('\n'));
  for (const [key, value] of Object.entries(host.dmi ?? {})) if (value !== undefined) file(`sys/class/dmi/id/${key}`, value);
}

function netEntries(tree: Tree, nets: NetSpec[]): void {
  for (const net of nets) {
    const dir = `sys/class/net/${net.name}`;
    const file = (name: string, text: string): void => void tree.set(`${dir}/${name}`, { kind: 'file', content: line(text) });
    file('address', net.mac ?? '');
    file('operstate', net.operstate);
    file('flags', `0x${net.flags.toString(16)}`);
    file('type', String(net.type));
    file('uevent', [...(net.devtype ? [`DEVTYPE=${net.devtype}`] : []), `INTERFACE=${net.name}`, `IFINDEX=${net.ifindex}`].join('\n'));
    if (net.tunFlags !== undefined) file('tun_flags', `0x${net.tunFlags.toString(16)}`);
    if (net.wireless) file('phy80211/name', 'phy0');
    if (net.driver) tree.set(`${dir}/device/driver`, { kind: 'link', target: `../../../../bus/pci/drivers/${net.driver}` });
  }
  const inet6 = nets.flatMap((net) =>
    (net.ipv6 ?? []).map((a) => `${ipv6ToKernelHex(a.address)} ${hex(net.ifindex, 2).toLowerCase()} ${hex(a.prefix, 2).toLowerCase()} ${hex(a.scope, 2).toLowerCase()} 80 ${net.name.padStart(8)}`),
  );
  tree.set('proc/net/if_inet6', { kind: 'file', content: Buffer.from(inet6.map((l) => `${l}\n`).join('')) });
}

function routeEntries(tree: Tree, routes4: Route4Spec[], routes6: Route6Spec[]): void {
  const header = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
  const rows = routes4.map((r) => {
    const flags = 0x1 | (r.gateway ? 0x2 : 0) | (r.prefix === 32 ? 0x4 : 0);
    return [r.iface, ipv4ToKernelHex(r.destination), ipv4ToKernelHex(r.gateway ?? '0.0.0.0'), hex(flags, 4), '0', '0', String(r.metric), prefixToKernelMaskHex(r.prefix), '0', '0', '0'].join('\t');
  });
  tree.set('proc/net/route', { kind: 'file', content: Buffer.from([header, ...rows].map((l) => `${l.padEnd(127)}\n`).join('')) });
  const rows6 = routes6.map((r) =>
    [ipv6ToKernelHex(r.destination), hex(r.prefix, 2).toLowerCase(), '0'.repeat(32), '00', ipv6ToKernelHex(r.nextHop ?? '::'),
      hex(r.metric, 8).toLowerCase(), '00000001', '00000000', hex(r.flags, 8).toLowerCase(), r.iface.padStart(8)].join(' '),
  );
  tree.set('proc/net/ipv6_route', { kind: 'file', content: Buffer.from(rows6.map((l) => `${l}\n`).join('')) });
}

function arpEntries(tree: Tree, arp: ArpSpec[]): void {
  const header = 'IP address       HW type     Flags       HW address            Mask     Device';
  const rows = arp.map((a) => `${a.ip.padEnd(17)}0x1         0x${a.flags.toString(16).padEnd(10)}${a.mac.padEnd(22)}*        ${a.iface}`);
  tree.set('proc/net/arp', { kind: 'file', content: Buffer.from([header, ...rows].map((l) => `${l}\n`).join('')) });
}

function socketEntries(tree: Tree, sockets: SocketSpec[]): void {
  const tables = { tcp: [] as string[], tcp6: [] as string[], udp: [] as string[], udp6: [] as string[] };
  for (const s of sockets) {
    const v6 = s.protocol.endsWith('6');
    const address = (ip: string): string => (v6 ? ipv6ToSocketTableHex(ip) : ipv4ToKernelHex(ip));
    const rows = tables[s.protocol];
    rows.push(
      `${String(rows.length).padStart(4)}: ${address(s.local[0])}:${hex(s.local[1], 4)} ${address(s.remote[0])}:${hex(s.remote[1], 4)} ${hex(s.state, 2)} ` +
        `00000000:00000000 00:00000000 00000000 ${String(s.uid).padStart(5)}        0 ${s.inode} 2 0000000000000000 20 4 30 10 -1`,
    );
  }
  const v4Header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  const v6Header = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  for (const [name, rows] of Object.entries(tables)) {
    const header = name.endsWith('6') ? v6Header : v4Header;
    tree.set(`proc/net/${name}`, { kind: 'file', content: Buffer.from([header, ...rows].map((l) => `${l}\n`).join('')) });
  }
}

function processEntries(tree: Tree, processes: ProcessSpec[]): void {
  for (const p of processes) {
    const dir = `proc/${p.pid}`;
    tree.set(`${dir}/comm`, { kind: 'file', content: line(p.comm.slice(0, 15)) });
    const status = [`Name:\t${p.comm.slice(0, 15)}`, 'Umask:\t0022', 'State:\tS (sleeping)', `Tgid:\t${p.pid}`, 'Ngid:\t0', `Pid:\t${p.pid}`,
      `PPid:\t${p.ppid}`, 'TracerPid:\t0', `Uid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}`, `Gid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}`];
    tree.set(`${dir}/status`, { kind: 'file', content: line(status.join('\n')) });
    tree.set(`${dir}/cmdline`, { kind: 'file', content: Buffer.from((p.cmdline ?? []).map((a) => `${a}\0`).join('')) });
    if (p.exe) tree.set(`${dir}/exe`, { kind: 'link', target: p.exe });
    for (const [fd, target] of Object.entries(p.fds ?? {})) tree.set(`${dir}/fd/${fd}`, { kind: 'link', target });
  }
}

/** Numbers hidraw nodes and HID instances in the order the devices are written. */
interface HidCounter { next: number }

/** hidrawN numbers start at 0, HID instances at 1. */
function hidrawNode(tree: Tree, instance: number, hidDir: string): void {
  const node = `hidraw${instance - 1}`;
  const hidName = hidDir.split('/').at(-1) as string;
  tree.set(`${hidDir}/hidraw/${node}/device`, { kind: 'link', target: `../../../${hidName}` });
  tree.set(`sys/class/hidraw/${node}`, { kind: 'link', target: `../../${hidDir.slice('sys/'.length)}/hidraw/${node}` });
}

function hidEntries(tree: Tree, counter: HidCounter, parentDir: string, bus: string, vendor: string, product: string, name: string, descriptor: Buffer, extra: string[]): string {
  const instance = counter.next++;
  const hidDir = `${parentDir}/${bus}:${vendor.toUpperCase()}:${product.toUpperCase()}.${hex(instance, 4)}`;
  tree.set(`${hidDir}/report_descriptor`, { kind: 'file', content: descriptor });
  const id = `${bus}:0000${vendor.toUpperCase()}:0000${product.toUpperCase()}`;
  tree.set(`${hidDir}/uevent`, { kind: 'file', content: line(['DRIVER=hid-generic', `HID_ID=${id}`, `HID_NAME=${name}`, ...extra,
    `MODALIAS=hid:b${bus}g0001v0000${vendor.toUpperCase()}p0000${product.toUpperCase()}`].join('\n')) });
  hidrawNode(tree, instance, hidDir);
  return hidDir;
}

function scsiEntries(tree: Tree, interfaceDir: string, scsi: ScsiSpec): void {
  const address = `${scsi.host}:0:0:0`;
  const lun = `${interfaceDir}/host${scsi.host}/target${scsi.host}:0:0/${address}`;
  const file = (name: string, text: string): void => void tree.set(`${lun}/${name}`, { kind: 'file', content: line(text) });
  file('vendor', scsi.vendor.padEnd(8).slice(0, 8));
  file('model', scsi.model.padEnd(16).slice(0, 16));
  file('rev', scsi.rev.padEnd(4).slice(0, 4));
  file('type', String(scsi.type));
  file(`block/${scsi.block}/removable`, scsi.removable ? '1' : '0');
  tree.set(`${lun}/scsi_device/${address}/device`, { kind: 'link', target: `../../../${address}` });
  tree.set(`sys/class/scsi_device/${address}`, { kind: 'link', target: `../../${lun.slice('sys/'.length)}/scsi_device/${address}` });
}

function platformHidEntries(tree: Tree, counter: HidCounter, devices: PlatformHidSpec[]): void {
  for (const d of devices) hidEntries(tree, counter, d.parent, d.bus, d.vendor, d.product, d.name, d.descriptor, []);
}

function powerEntries(tree: Tree, power: PowerSpec | undefined): void {
  if (!power) return;
  for (const supply of power.supplies) {
    const file = (name: string, text: string | undefined): void => {
      if (text !== undefined) tree.set(`sys/class/power_supply/${supply.name}/${name}`, { kind: 'file', content: line(text) });
    };
    file('type', supply.type);
    file('online', supply.online === undefined ? undefined : supply.online ? '1' : '0');
    file('present', supply.present === undefined ? undefined : supply.present ? '1' : '0');
    file('scope', supply.scope);
  }
  if (power.lid) tree.set('proc/acpi/button/lid/LID0/state', { kind: 'file', content: line(`state:      ${power.lid}`) });
  if (power.sleepMasked) tree.set('etc/systemd/system/sleep.target', { kind: 'link', target: '/dev/null' });
}

function usbEntries(tree: Tree, devices: UsbSpec[], counter: HidCounter): void {
  for (const d of devices) {
    const dir = `sys/bus/usb/devices/${d.name}`;
    const file = (name: string, text: string | undefined): void => {
      if (text !== undefined) tree.set(`${dir}/${name}`, { kind: 'file', content: line(text) });
    };
    file('idVendor', d.idVendor);
    file('idProduct', d.idProduct);
    file('manufacturer', d.manufacturer);
    file('product', d.product);
    file('serial', d.serial);
    file('bcdDevice', d.bcdDevice);
    file('bDeviceClass', d.bDeviceClass);
    // Root hubs (usbN) name their interfaces N-0:1.0; other devices <name>:1.N.
    const prefix = d.name.startsWith('usb') ? `${d.name.slice(3)}-0` : d.name;
    d.interfaces.forEach((i, index) => {
      const ifDir = `${dir}/${prefix}:1.${index}`;
      tree.set(`${ifDir}/bInterfaceClass`, { kind: 'file', content: line(i.cls) });
      tree.set(`${ifDir}/bInterfaceSubClass`, { kind: 'file', content: line(i.subclass) });
      tree.set(`${ifDir}/bInterfaceProtocol`, { kind: 'file', content: line(i.protocol) });
      if (i.driver) tree.set(`${ifDir}/driver`, { kind: 'link', target: `../../../../../../bus/usb/drivers/${i.driver}` });
      if (i.hid) {
        const name = i.hid.name ?? [d.manufacturer, d.product].filter(Boolean).join(' ');
        hidEntries(tree, counter, ifDir, '0003', d.idVendor, d.idProduct, name, i.hid.descriptor,
          [`HID_PHYS=usb-0000:00:14.0-${d.name.split('-')[1] ?? d.name}/input${index}`, `HID_UNIQ=${d.serial ?? ''}`]);
      }
      if (i.scsi) scsiEntries(tree, ifDir, i.scsi);
    });
  }
}

function drmEntries(tree: Tree, connectors: DrmSpec[]): void {
  if (connectors.length === 0) return;
  tree.set('sys/class/drm/version', { kind: 'file', content: line('drm 1.1.0 20060810') });
  const cards = new Set(connectors.map((c) => c.connector.split('-')[0] as string));
  for (const card of cards) tree.set(`sys/class/drm/${card}/dev`, { kind: 'file', content: line(`226:${card.slice(4)}`) });
  for (const c of connectors) {
    tree.set(`sys/class/drm/${c.connector}/status`, { kind: 'file', content: line(c.status) });
    tree.set(`sys/class/drm/${c.connector}/edid`, { kind: 'file', content: c.edid ?? Buffer.alloc(0) });
  }
}

function extraEntries(tree: Tree, files: ExtraFileSpec[]): void {
  for (const f of files) {
    const path = f.path.replace(/^\//, '');
    tree.set(path, f.link !== undefined ? { kind: 'link', target: f.link } : { kind: 'file', content: Buffer.from(f.content ?? '') });
  }
}

export function machineTree(spec: MachineSpec): Tree {
  const tree: Tree = new Map();
  hostEntries(tree, spec.host);
  netEntries(tree, spec.interfaces);
  routeEntries(tree, spec.routes4, spec.routes6);
  arpEntries(tree, spec.arp);
  socketEntries(tree, spec.sockets);
  processEntries(tree, spec.processes);
  const hidCounter: HidCounter = { next: 1 };
  usbEntries(tree, spec.usb, hidCounter);
  platformHidEntries(tree, hidCounter, spec.platformHid ?? []);
  drmEntries(tree, spec.drm);
  powerEntries(tree, spec.power);
  extraEntries(tree, spec.files ?? []);
  return tree;
}

export async function writeTree(dir: string, tree: Tree): Promise<void> {
  for (const [path, entry] of tree) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    if (entry.kind === 'file') await writeFile(target, entry.content);
    else await symlink(entry.target, target);
  }
}

/** Reads a tree back (files and symlinks, relative paths), skipping the names in `ignore`. */
export async function readTree(dir: string, ignore: ReadonlySet<string> = new Set()): Promise<Tree> {
  const tree: Tree = new Map();
  const walk = async (relative: string): Promise<void> => {
    for (const name of await readdir(join(dir, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      if (ignore.has(path)) continue;
      const stats = await lstat(join(dir, path));
      if (stats.isSymbolicLink()) tree.set(path, { kind: 'link', target: await readlink(join(dir, path)) });
      else if (stats.isDirectory()) await walk(path);
      else tree.set(path, { kind: 'file', content: await readFile(join(dir, path)) });
    }
  };
  await walk('');
  return tree;
}
