// processes section (Win32_Process) -> ProcessFact[].
import type { ProcessFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import { int, records, section, str, type Win32Document } from './document.js';

const MAX_PROCESSES = 20_000;

export function parseWin32Processes(document: Win32Document): ProcessFact[] {
  const processes: ProcessFact[] = [];
  for (const p of records(section(document, 'processes'))) {
    const pid = int(p.pid);
    const name = str(p.name);
    if (pid === undefined || pid < 0 || name === undefined) continue;
    const ppid = int(p.ppid);
    processes.push({ pid, ppid: ppid !== undefined && ppid >= 0 ? ppid : undefined, name: clip(name, 255), path: clipOptional(str(p.path), 1024) });
    if (processes.length === MAX_PROCESSES) break;
  }
  return processes;
}
