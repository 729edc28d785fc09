// Processes via ps-list, for platforms without procfs (macOS, Windows).
import type { ProcessFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { clip } from '../util/text.js';
import { listProcesses } from './process-list.js';

const MAX_PROCESSES = 20_000;

export async function probePortableProcesses(context: ProbeContext): Promise<ProcessFact[]> {
  const processes = await listProcesses(context.signal);
  context.signal.throwIfAborted();
  if (processes.length > MAX_PROCESSES) context.warn(`${processes.length} processes, kept the first ${MAX_PROCESSES}`);
  return processes.slice(0, MAX_PROCESSES).map((p) => ({
    pid: p.pid,
    ppid: p.ppid !== undefined && Number.isInteger(p.ppid) && p.ppid >= 0 ? p.ppid : undefined,
    name: clip(p.name, 255),
    // ps-list falls back to the (possibly cut) command name when it cannot find the executable.
    path: p.path !== undefined && /^([/\\]|[A-Za-z]:\\)/.test(p.path) ? clip(p.path, 1024) : undefined,
  }));
}
