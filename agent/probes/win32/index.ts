// Windows probes: thin for now. USB (present and previously attached devices via PowerShell and
// the Enum registry keys) and the other parts arrive with the detection issue; parts not listed
// here are reported as not collected rather than empty.
import type { ProbeSet } from '../probe-set.js';
import { probePortableHost } from '../portable/host.js';
import { probePortableInterfaces } from '../portable/interfaces.js';
import { probePortableProcesses } from '../portable/processes.js';

export function win32Probes(): ProbeSet {
  return {
    host: probePortableHost,
    processes: probePortableProcesses,
    interfaces: probePortableInterfaces,
  };
}
