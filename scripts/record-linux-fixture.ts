// Records the /proc, /sys and /etc files FarmWatch's Linux probes read into a fixture directory,
// so a real laptop (with its USB devices, displays, VPN) can be replayed in tests with
// collectFacts({ root: DIR }).
//
//   npx tsx scripts/record-linux-fixture.ts test/fixtures/linux/<name> [--pid N]...
//
// Files are copied by content; symlinks whose target is the information (`/proc/<pid>/exe`,
// `fd/N`, `driver`, `/etc/localtime`) are recreated with the same target text, and sysfs
// directory links (`/sys/class/net/eth0`, `/sys/bus/usb/devices/1-1`) become real directories.
// Processes recorded: this recorder, its parent, pid 1 and every --pid. While recording, it
// listens on a loopback TCP port and binds a loopback UDP port so its own fd table holds
// sockets. The result contains this machine's MAC addresses, serials and hostname: review it
// before committing it anywhere public.
import { createSocket } from 'node:dgram';
import { access, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const HOST_FILES = [
  '/proc/sys/kernel/hostname', '/proc/sys/kernel/osrelease', '/proc/sys/kernel/arch', '/proc/uptime',
  '/etc/os-release', '/etc/timezone', '/etc/default/locale', '/etc/locale.conf',
  '/sys/class/dmi/id/sys_vendor', '/sys/class/dmi/id/product_name', '/sys/class/dmi/id/product_serial', '/sys/class/dmi/id/product_uuid',
];
const PROC_NET = ['route', 'ipv6_route', 'arp', 'if_inet6', 'tcp', 'tcp6', 'udp', 'udp6'].map((f) => `/proc/net/${f}`);
const NET_ATTRS = ['address', 'operstate', 'flags', 'type', 'uevent', 'tun_flags'];
const USB_ATTRS = ['idVendor', 'idProduct', 'manufacturer', 'product', 'serial', 'bcdDevice', 'bDeviceClass'];
const USB_INTERFACE_ATTRS = ['bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol'];

function usage(message: string): never {
  console.error(`${message}\nusage: npx tsx scripts/record-linux-fixture.ts OUT_DIR [--pid N]...`);
  process.exit(2);
}

function parseArgs(argv: string[]): { out: string; pids: number[] } {
  const [out, ...rest] = argv;
  if (!out || out.startsWith('-')) usage('missing OUT_DIR');
  const pids: number[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const pid = Number(rest[i + 1]);
    if (rest[i] !== '--pid' || !Number.isInteger(pid) || pid <= 0) usage(`unexpected argument '${rest[i] ?? ''}'`);
    pids.push(pid);
  }
  return { out, pids };
}

const quietly = async <T>(action: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await action();
  } catch {
    return undefined; // absent or unreadable without privilege: the fixture simply lacks it, as the probe would
  }
};

async function main(): Promise<void> {
  const { out, pids } = parseArgs(process.argv.slice(2));
  if (await quietly(() => access(out).then(() => true))) usage(`${out} already exists: choose a new directory`);
  if (process.platform !== 'linux') usage('recording needs Linux /proc and /sys');

  const copied: string[] = [];
  const copy = async (path: string): Promise<void> => {
    // /proc and /sys report size 0, so read and write rather than copyFile.
    const content = await quietly(() => readFile(path));
    if (content === undefined) return;
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), content);
    copied.push(path);
  };
  const copyLink = async (path: string): Promise<void> => {
    const linkTarget = await quietly(() => readlink(path));
    if (linkTarget === undefined) return;
    await mkdir(dirname(join(out, path)), { recursive: true });
    await symlink(linkTarget, join(out, path));
    copied.push(path);
  };
  const isDir = async (path: string): Promise<boolean> => (await quietly(() => stat(path)))?.isDirectory() ?? false;
  const list = async (path: string): Promise<string[]> => (await quietly(() => readdir(path))) ?? [];

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const address = server.address();
  const tcpPort = typeof address === 'object' && address ? address.port : undefined;
  const udpPort = udp.address().port;

  try {
    for (const path of [...HOST_FILES, ...PROC_NET]) await copy(path);
    await copyLink('/etc/localtime');

    for (const name of await list('/sys/class/net')) {
      const dir = `/sys/class/net/${name}`;
      if (!(await isDir(dir))) continue;
      for (const attr of NET_ATTRS) await copy(`${dir}/${attr}`);
      if (await isDir(`${dir}/phy80211`)) await copy(`${dir}/phy80211/name`);
      if (await isDir(`${dir}/wireless`)) {
        const inside = await list(`${dir}/wireless`);
        for (const entry of inside) await copy(`${dir}/wireless/${entry}`);
        if (inside.length === 0) {
          // git keeps no empty directories: a marker file stands in for the empty sysfs one.
          await mkdir(join(out, dir, 'wireless'), { recursive: true });
          await writeFile(join(out, dir, 'wireless', '.empty-in-sysfs'), '');
        }
      }
      if (await isDir(`${dir}/device`)) await copyLink(`${dir}/device/driver`);
    }

    for (const name of await list('/sys/bus/usb/devices')) {
      if (name.includes(':')) continue;
      const dir = `/sys/bus/usb/devices/${name}`;
      for (const attr of USB_ATTRS) await copy(`${dir}/${attr}`);
      for (const entry of await list(dir)) {
        if (!/^[\d.-]+:\d+\.\d+$/.test(entry)) continue;
        for (const attr of USB_INTERFACE_ATTRS) await copy(`${dir}/${entry}/${attr}`);
        await copyLink(`${dir}/${entry}/driver`);
      }
    }

    for (const name of await list('/sys/class/drm')) {
      if (!/^card\d+-/.test(name)) continue;
      await copy(`/sys/class/drm/${name}/status`);
      await copy(`/sys/class/drm/${name}/edid`);
    }

    const uids = new Set<string>();
    for (const pid of new Set([process.pid, process.ppid, 1, ...pids])) {
      const dir = `/proc/${pid}`;
      for (const file of ['comm', 'status', 'cmdline']) await copy(`${dir}/${file}`);
      await copyLink(`${dir}/exe`);
      for (const fd of await list(`${dir}/fd`)) await copyLink(`${dir}/fd/${fd}`);
      const status = await quietly(() => readFile(`${dir}/status`, 'utf8'));
      const uid = status === undefined ? undefined : /^Uid:\s*(\d+)/m.exec(status)?.[1];
      if (uid !== undefined) uids.add(uid);
    }
    // Only the accounts of the recorded processes, not the machine's whole user list.
    const passwd = (await quietly(() => readFile('/etc/passwd', 'utf8'))) ?? '';
    const kept = passwd.split('\n').filter((line) => uids.has(line.split(':')[2] ?? ''));
    await mkdir(join(out, 'etc'), { recursive: true });
    await writeFile(join(out, 'etc/passwd'), kept.map((l) => `${l}\n`).join(''));
  } finally {
    server.close();
    udp.close();
  }
  console.log(`recorded ${copied.length} paths into ${out} (recorder pid ${process.pid}, loopback tcp port ${tcpPort}, udp port ${udpPort})`);
  console.log('Write a README.md there: where, when, which machine, and anything notable it shows.');
}

await main();
