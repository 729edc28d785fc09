// Fills interfaces[].dhcpServer from the DHCP clients' lease files (under the root prefix).
// Leases in /run (systemd-networkd, NetworkManager device state) describe the current lease.
// Files in /var/lib outlive the lease they record, so one is used only when the address it
// leased is still on the interface (reading a recorded tree, where IPv4 addresses are unknown,
// the newest one is used).
import type { InterfaceFact } from '../../../shared/schema/facts.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { parseDhclientLeases, parseKeyValueLease, parseNetworkManagerDevice, type DhcpLease } from './parse-dhcp-leases.js';

export interface FoundLease extends DhcpLease {
  interface: string;
  current: boolean;
}

const DHCLIENT_DIRS = ['/var/lib/dhcp', '/var/lib/dhclient'];
const NM_DIR = '/var/lib/NetworkManager';
/** NetworkManager names lease files <client>-<connection uuid>-<interface>.lease. */
const NM_LEASE = /^(internal|dhclient)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-(.+)\.lease$/;

async function dhclientFiles(fs: RootedFs): Promise<FoundLease[]> {
  const found: FoundLease[] = [];
  for (const dir of DHCLIENT_DIRS) {
    for (const name of (await fs.list(dir)).filter((n) => /^dhclient.*\.leases?$/.test(n) && !n.startsWith('dhclient6')).sort()) {
      const fromName = /^dhclient[.-](.+)\.leases?$/.exec(name)?.[1];
      for (const lease of parseDhclientLeases((await fs.text(`${dir}/${name}`)) ?? '')) {
        const iface = lease.interface ?? fromName;
        if (iface) found.push({ ...lease, interface: iface, current: false });
      }
    }
  }
  return found;
}

async function networkManagerFiles(fs: RootedFs): Promise<FoundLease[]> {
  const found: FoundLease[] = [];
  for (const name of (await fs.list(NM_DIR)).sort()) {
    const match = NM_LEASE.exec(name);
    if (!match) continue;
    const text = (await fs.text(`${NM_DIR}/${name}`)) ?? '';
    const iface = match[2] as string;
    const leases = match[1] === 'internal' ? [parseKeyValueLease(text)] : parseDhclientLeases(text);
    for (const lease of leases) if (lease) found.push({ ...lease, interface: iface, current: false });
  }
  return found;
}

async function byIfindex(fs: RootedFs, dir: string, names: readonly string[], parse: (text: string) => DhcpLease | undefined): Promise<FoundLease[]> {
  const files = new Set(await fs.list(dir));
  if (files.size === 0) return [];
  const found: FoundLease[] = [];
  for (const name of names) {
    const ifindex = await fs.line(`/sys/class/net/${name}/ifindex`);
    if (!ifindex || !files.has(ifindex)) continue;
    const lease = parse((await fs.text(`${dir}/${ifindex}`)) ?? '');
    if (lease) found.push({ ...lease, interface: name, current: true });
  }
  return found;
}

export function pickDhcpServer(iface: InterfaceFact, leases: readonly FoundLease[], live: boolean): string | undefined {
  const mine = leases.filter((l) => l.interface === iface.name);
  const current = mine.filter((l) => l.current);
  if (current.length > 0) return current[current.length - 1]?.server;
  const stillHeld = !live ? mine : mine.filter((l) => l.address !== undefined && iface.ipv4.includes(l.address));
  return stillHeld[stillHeld.length - 1]?.server;
}

export async function withDhcpServers(interfaces: InterfaceFact[], fs: RootedFs): Promise<InterfaceFact[]> {
  const names = interfaces.map((i) => i.name);
  const leases = (
    await Promise.all([
      dhclientFiles(fs),
      networkManagerFiles(fs),
      byIfindex(fs, '/run/systemd/netif/leases', names, parseKeyValueLease),
      byIfindex(fs, '/run/NetworkManager/devices', names, parseNetworkManagerDevice),
    ])
  ).flat();
  if (leases.length === 0) return interfaces;
  return interfaces.map((iface) => {
    const server = pickDhcpServer(iface, leases, fs.isLive);
    return server ? { ...iface, dhcpServer: server } : iface;
  });
}
