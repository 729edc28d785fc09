// Network interfaces from /sys/class/net.
//
// Address sources: IPv6 always from <root>/proc/net/if_inet6. IPv4 has no procfs file per
// interface, so it comes from os.networkInterfaces() (getifaddrs, no child process) and only when
// reading the live system (root === ''); with a root prefix ipv4 stays empty.
import { networkInterfaces } from 'node:os';
import { basename } from 'node:path';
import type { InterfaceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { ipv6FromHex } from '../util/ip.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional, normaliseMac } from '../util/text.js';

type Kind = InterfaceFact['kind'];

const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;
/** ARPHRD types of point-to-point tunnels: ppp, ipip, ip6ip6, sit, gre, ip6gre, none (tun, wireguard). */
const TUNNEL_TYPES = new Set([512, 768, 769, 776, 778, 823, 65534]);
const TUNNEL_NAME = /^(tun|tap|wg|ppp)/;
const IFF_UP = 0x1;
const MAX_ADDRESSES = 64;
const MAX_INTERFACES = 512;

export interface SysNetEntry {
  name: string;
  type: number | undefined;
  hasTunFlags: boolean;
  devtype: string | undefined;
  isWireless: boolean;
  hasDevice: boolean;
}

/** Kind from the sysfs attributes; order matters (a wireguard device also has no `device` link). */
export function interfaceKind(entry: SysNetEntry): Kind {
  if (entry.type === ARPHRD_LOOPBACK) return 'loopback';
  if (
    entry.hasTunFlags ||
    entry.devtype === 'wireguard' ||
    (entry.type !== undefined && TUNNEL_TYPES.has(entry.type)) ||
    TUNNEL_NAME.test(entry.name)
  ) {
    return 'tunnel';
  }
  if (entry.isWireless) return 'wifi';
  if (!entry.hasDevice) return 'virtual';
  return entry.type === ARPHRD_ETHER ? 'ethernet' : 'other';
}

/** if_inet6 lines: address ifindex prefixlen scope flags name. */
export function parseIfInet6(text: string): Map<string, string[]> {
  const byInterface = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6) continue;
    const name = fields[5] as string;
    const list = byInterface.get(name) ?? [];
    list.push(ipv6FromHex(fields[0] as string));
    byInterface.set(name, list);
  }
  return byInterface;
}

function liveIpv4(): Map<string, string[]> {
  const byInterface = new Map<string, string[]>();
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    const ipv4 = (addresses ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address);
    if (ipv4.length > 0) byInterface.set(name, ipv4);
  }
  return byInterface;
}

function ueventValue(uevent: string | undefined, key: string): string | undefined {
  return uevent === undefined ? undefined : new RegExp(`^${key}=(.*)$`, 'm').exec(uevent)?.[1];
}

async function readInterface(fs: RootedFs, name: string, ipv4: Map<string, string[]>, ipv6: Map<string, string[]>): Promise<InterfaceFact | undefined> {
  const dir = `/sys/class/net/${name}`;
  const [address, operstate, flags, type, uevent, hasTunFlags, hasWireless, hasPhy, hasDevice, driverLink] = await Promise.all([
    fs.line(`${dir}/address`),
    fs.line(`${dir}/operstate`),
    fs.line(`${dir}/flags`),
    fs.line(`${dir}/type`),
    fs.text(`${dir}/uevent`),
    fs.exists(`${dir}/tun_flags`),
    fs.exists(`${dir}/wireless`),
    fs.exists(`${dir}/phy80211`),
    fs.exists(`${dir}/device`),
    fs.link(`${dir}/device/driver`),
  ]);
  if (type === undefined && operstate === undefined) return undefined; // e.g. the bonding_masters file
  const devtype = ueventValue(uevent, 'DEVTYPE');
  const typeNumber = type === undefined ? undefined : Number.parseInt(type, 10);
  const kind = interfaceKind({
    name,
    type: Number.isNaN(typeNumber) ? undefined : typeNumber,
    hasTunFlags,
    devtype,
    isWireless: hasWireless || hasPhy,
    hasDevice,
  });
  const flagBits = flags === undefined ? 0 : Number.parseInt(flags, 16);
  // tun, wireguard and loopback devices report operstate "unknown" while working: trust IFF_UP then.
  const up = operstate === 'up' || (operstate === 'unknown' && (flagBits & IFF_UP) !== 0);
  const driver = driverLink ? basename(driverLink) : hasTunFlags ? 'tun' : devtype;
  return {
    name: clip(name, 255),
    kind,
    up,
    mac: normaliseMac(address),
    ipv4: (ipv4.get(name) ?? []).slice(0, MAX_ADDRESSES),
    ipv6: (ipv6.get(name) ?? []).slice(0, MAX_ADDRESSES),
    driver: clipOptional(driver, 255),
  };
}

export async function probeLinuxInterfaces(context: ProbeContext, fs: RootedFs): Promise<InterfaceFact[]> {
  const [names, inet6] = await Promise.all([fs.list('/sys/class/net'), fs.text('/proc/net/if_inet6')]);
  if (names.length === 0) throw new Error(`no interfaces under ${fs.path('/sys/class/net')}`);
  const ipv6 = inet6 === undefined ? new Map<string, string[]>() : parseIfInet6(inet6);
  if (inet6 === undefined) context.warn('no /proc/net/if_inet6: IPv6 addresses not collected');
  const ipv4 = fs.isLive ? liveIpv4() : new Map<string, string[]>();
  const facts = await mapLimit(names.sort(), 8, (name) => readInterface(fs, name, ipv4, ipv6));
  return facts.filter((fact): fact is InterfaceFact => fact !== undefined).slice(0, MAX_INTERFACES);
}
