// The process list behind the portable probe: ps-list, except in the Windows single-file
// executable. There ps-list would run its fastlist.exe from node_modules, which does not exist;
// the executable carries it as a SEA asset (scripts/build-agent.ts), written here to a private
// fresh directory, run, and removed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { promisify } from 'node:util';
import psList from 'ps-list';

/** SEA asset key of ps-list's Windows helper (https://github.com/MarkTiedemann/fastlist). */
export const FASTLIST_ASSET = 'fastlist-0.3.0-x64.exe';

export interface ListedProcess {
  pid: number;
  ppid?: number;
  name: string;
  path?: string;
}

const run = promisify(execFile);

/** fastlist prints `pid<TAB>ppid<TAB>name` per process. */
export function parseFastlist(stdout: string): ListedProcess[] {
  return stdout
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length >= 3 && /^\d+$/.test(fields[0]!))
    .map(([pid, ppid, name]) => ({ pid: Number(pid), ppid: /^\d+$/.test(ppid!) ? Number(ppid) : undefined, name: name! }));
}

async function fastlistFromAsset(signal: AbortSignal): Promise<ListedProcess[]> {
  if (process.arch !== 'x64') throw new Error(`the process list helper is built for x64, not ${process.arch}`);
  const dir = await mkdtemp(join(tmpdir(), 'farmwatch-'));
  try {
    const exe = join(dir, FASTLIST_ASSET);
    await writeFile(exe, new Uint8Array(getAsset(FASTLIST_ASSET)), { mode: 0o700 });
    const { stdout } = await run(exe, { maxBuffer: 64_000_000, windowsHide: true, encoding: 'utf8', signal });
    return parseFastlist(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function listProcesses(signal: AbortSignal): Promise<ListedProcess[]> {
  return process.platform === 'win32' && isSea() ? fastlistFromAsset(signal) : psList();
}
