// Wi-Fi interfaces (/sys/class/net/<if>/wireless or phy80211) and the network each is joined to,
// from `iw dev <if> link` when iw is installed. Without iw only presence is known (and whether
// /proc/net/wireless lists the interface); the reason SSID/BSSID are missing is recorded.
import { access, constants } from 'node:fs/promises';
import type { WifiFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { execText } from '../util/exec.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, describeError } from '../util/text.js';
import { parseIwLink } from './parse-iw-link.js';

const IW_PATHS = ['/usr/sbin/iw', '/sbin/iw', '/usr/bin/iw', '/bin/iw'];
const MAX_WIFI = 8;

async function findIw(): Promise<string | undefined> {
  for (const path of IW_PATHS) {
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return undefined;
}

async function wirelessInterfaces(fs: RootedFs): Promise<string[]> {
  const names = (await fs.list('/sys/class/net')).sort();
  const flags = await Promise.all(names.map(async (name) => (await fs.exists(`/sys/class/net/${name}/wireless`)) || fs.exists(`/sys/class/net/${name}/phy80211`)));
  return names.filter((_, i) => flags[i]).slice(0, MAX_WIFI);
}

/** Interfaces listed in /proc/net/wireless (after its two header lines). */
function listedInProcWireless(text: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const line of (text ?? '').split('\n').slice(2)) {
    const name = /^\s*([^:\s]+):/.exec(line)?.[1];
    if (name) names.add(name);
  }
  return names;
}

async function linkOf(iw: string, name: string, signal: AbortSignal): Promise<WifiFact> {
  try {
    const link = parseIwLink(await execText(iw, ['dev', name, 'link'], { signal, maxBuffer: 256 * 1024 }));
    if (!link.connected) return { interface: name, unavailableReason: 'not connected' };
    const fact: WifiFact = { interface: name, bssid: link.bssid };
    if (link.ssid !== undefined) fact.ssid = clip(link.ssid, 255);
    return fact;
  } catch (error) {
    signal.throwIfAborted();
    return { interface: name, unavailableReason: clip(`iw dev ${name} link failed: ${describeError(error)}`, 255) };
  }
}

export async function probeLinuxWifi(context: ProbeContext, fs: RootedFs): Promise<WifiFact[]> {
  const names = await wirelessInterfaces(fs);
  if (names.length === 0) return [];
  if (!fs.isLive) return names.map((name) => ({ interface: name, unavailableReason: 'SSID and BSSID are read from the live system only (iw)' }));
  const iw = await findIw();
  if (iw) return Promise.all(names.map((name) => linkOf(iw, name, context.signal)));
  const listed = listedInProcWireless(await fs.text('/proc/net/wireless'));
  return names.map((name) => ({
    interface: name,
    unavailableReason: `iw is not installed${listed.has(name) ? '; the interface is active in /proc/net/wireless' : ''}`,
  }));
}
