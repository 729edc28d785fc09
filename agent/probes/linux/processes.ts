// Processes from procfs: comm (name), exe link (path; unreadable without privilege for other
// users' processes, then undefined), PPid and Uid from status.
import { basename } from 'node:path';
import type { ProcessFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional } from '../util/text.js';
import { readUsers } from './passwd.js';
import { COMM_MAX, listPids, statusField } from './pids.js';

export const MAX_PROCESSES = 20_000;
const CONCURRENCY = 16;

/** comm is cut at 15 characters: recover the full name from the executable or argv[0] when they extend it. */
async function fullName(fs: RootedFs, pid: number, comm: string, exe: string | undefined): Promise<string> {
  if (comm.length < COMM_MAX) return comm;
  const exeName = exe === undefined ? undefined : basename(exe.replace(/ \(deleted\)$/, ''));
  if (exeName?.startsWith(comm)) return exeName;
  const argv0 = (await fs.head(`/proc/${pid}/cmdline`))?.split('\0')[0];
  const argvName = argv0 ? basename(argv0.split(' ')[0] as string) : undefined;
  return argvName?.startsWith(comm) ? argvName : comm;
}

async function readProcess(fs: RootedFs, pid: number, users: Map<number, string>): Promise<ProcessFact | undefined> {
  const [comm, status, exe] = await Promise.all([
    fs.line(`/proc/${pid}/comm`),
    fs.head(`/proc/${pid}/status`),
    fs.link(`/proc/${pid}/exe`),
  ]);
  if (comm === undefined) return undefined; // exited while we listed
  const ppid = status === undefined ? undefined : Number(statusField(status, 'PPid'));
  const uid = status === undefined ? undefined : Number(statusField(status, 'Uid'));
  return {
    pid,
    ppid: ppid !== undefined && Number.isInteger(ppid) && ppid >= 0 ? ppid : undefined,
    name: clip(await fullName(fs, pid, comm, exe), 255),
    path: exe === undefined ? undefined : clip(exe, 1024),
    user: uid === undefined ? undefined : clipOptional(users.get(uid), 255),
  };
}

export async function probeLinuxProcesses(context: ProbeContext, fs: RootedFs): Promise<ProcessFact[]> {
  const [pids, users] = await Promise.all([listPids(fs), readUsers(fs)]);
  if (pids.length === 0) throw new Error(`no processes under ${fs.path('/proc')}`);
  if (pids.length > MAX_PROCESSES) context.warn(`${pids.length} processes, kept the first ${MAX_PROCESSES}`);
  const facts = await mapLimit(pids.slice(0, MAX_PROCESSES), CONCURRENCY, (pid) => readProcess(fs, pid, users));
  return facts.filter((fact): fact is ProcessFact => fact !== undefined);
}
