import type { RootedFs } from '../util/rooted-fs.js';

/** Process ids listed in /proc (thread-group leaders only: threads live under /proc/<pid>/task). */
export async function listPids(fs: RootedFs): Promise<number[]> {
  const entries = await fs.list('/proc');
  return entries.filter((entry) => /^\d+$/.test(entry)).map(Number).sort((a, b) => a - b);
}

/** Field of /proc/<pid>/status (`PPid`, `Uid`), first value only. */
export function statusField(status: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:\\s*(\\S+)`, 'm').exec(status);
  return match?.[1];
}

/** The kernel keeps at most 15 characters of a process name in comm (TASK_COMM_LEN - 1). */
export const COMM_MAX = 15;
