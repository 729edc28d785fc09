// Sockets from <root>/proc/net/{tcp,tcp6,udp,udp6}. Owners are found by scanning
// <root>/proc/<pid>/fd links for `socket:[inode]`; without privilege other users' fds are
// unreadable, so those sockets keep no pid (best effort).
import type { ConnectionFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { ipv4FromLittleEndianHex, ipv6FromWordSwappedHex } from '../util/ip.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip } from '../util/text.js';
import { listPids } from './pids.js';

export const MAX_CONNECTIONS = 20_000;
const CONCURRENCY = 16;

const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED', 2: 'SYN_SENT', 3: 'SYN_RECV', 4: 'FIN_WAIT1', 5: 'FIN_WAIT2', 6: 'TIME_WAIT',
  7: 'CLOSE', 8: 'CLOSE_WAIT', 9: 'LAST_ACK', 10: 'LISTEN', 11: 'CLOSING', 12: 'NEW_SYN_RECV',
};
// A UDP socket is "established" once connect()ed; otherwise the kernel shows state 7 (unconnected).
const UDP_STATES: Record<number, string> = { 1: 'ESTABLISHED', 7: 'UNCONN' };

export interface RawSocket {
  fact: ConnectionFact;
  inode: number;
}

type Table = { file: string; protocol: 'tcp' | 'udp'; ipv6: boolean };
const TABLES: Table[] = [
  { file: 'tcp', protocol: 'tcp', ipv6: false },
  { file: 'tcp6', protocol: 'tcp', ipv6: true },
  { file: 'udp', protocol: 'udp', ipv6: false },
  { file: 'udp6', protocol: 'udp', ipv6: true },
];

function endpoint(text: string, ipv6: boolean): { address: string; port: number } {
  const [hex, port] = text.split(':') as [string, string | undefined];
  if (port === undefined) throw new Error(`malformed socket address '${text}'`);
  return { address: ipv6 ? ipv6FromWordSwappedHex(hex) : ipv4FromLittleEndianHex(hex), port: Number.parseInt(port, 16) };
}

/** Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ... */
export function parseSocketTable(text: string, protocol: 'tcp' | 'udp', ipv6: boolean): RawSocket[] {
  const sockets: RawSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = endpoint(fields[1] as string, ipv6);
    const remote = endpoint(fields[2] as string, ipv6);
    const stateNumber = Number.parseInt(fields[3] as string, 16);
    const unspecified = remote.port === 0 && (remote.address === '0.0.0.0' || remote.address === '::');
    const states = protocol === 'tcp' ? TCP_STATES : UDP_STATES;
    sockets.push({
      inode: Number(fields[9]),
      fact: {
        protocol,
        localAddress: local.address,
        localPort: local.port,
        remoteAddress: unspecified ? undefined : remote.address,
        remotePort: unspecified ? undefined : remote.port,
        state: states[stateNumber] ?? `STATE_${stateNumber}`,
      },
    });
  }
  return sockets;
}

/** inode -> pid for the wanted socket inodes; stops reading links once every inode has an owner. */
async function socketOwners(fs: RootedFs, wanted: Set<number>): Promise<Map<number, number>> {
  const owners = new Map<number, number>();
  if (wanted.size === 0) return owners;
  const pids = await listPids(fs);
  const fdLists = await mapLimit(pids, CONCURRENCY, async (pid) => ({ pid, fds: await fs.list(`/proc/${pid}/fd`) }));
  const links = fdLists.flatMap(({ pid, fds }) => fds.map((fd) => ({ pid, fd })));
  await mapLimit(links, CONCURRENCY, async ({ pid, fd }) => {
    if (owners.size === wanted.size) return;
    const target = await fs.link(`/proc/${pid}/fd/${fd}`);
    const match = target === undefined ? null : /^socket:\[(\d+)\]$/.exec(target);
    if (!match) return;
    const inode = Number(match[1]);
    if (wanted.has(inode) && !owners.has(inode)) owners.set(inode, pid);
  });
  return owners;
}

export async function probeLinuxConnections(context: ProbeContext, fs: RootedFs): Promise<ConnectionFact[]> {
  const texts = await Promise.all(TABLES.map((table) => fs.text(`/proc/net/${table.file}`)));
  if (texts.every((text) => text === undefined)) throw new Error(`cannot read ${fs.path('/proc/net/tcp')} nor the other socket tables`);
  let sockets: RawSocket[] = [];
  TABLES.forEach((table, index) => {
    const text = texts[index];
    if (text === undefined) context.warn(`no /proc/net/${table.file}`);
    else sockets.push(...parseSocketTable(text, table.protocol, table.ipv6));
  });
  if (sockets.length > MAX_CONNECTIONS) {
    context.warn(`${sockets.length} sockets, kept the first ${MAX_CONNECTIONS}`);
    sockets = sockets.slice(0, MAX_CONNECTIONS);
  }

  const owners = await socketOwners(fs, new Set(sockets.map((s) => s.inode).filter((inode) => inode !== 0)));
  const ownerPids = [...new Set(owners.values())];
  const names = new Map<number, string | undefined>();
  await mapLimit(ownerPids, CONCURRENCY, async (pid) => void names.set(pid, await fs.line(`/proc/${pid}/comm`)));

  return sockets.map(({ fact, inode }) => {
    const pid = owners.get(inode);
    if (pid === undefined) return fact;
    const name = names.get(pid);
    return { ...fact, pid, processName: name === undefined ? undefined : clip(name, 255) };
  });
}
