// Windows probes: thin for now. USB (present and previously attached devices via PowerShell /
// the Enum registry keys) is added with the detection issue; until then it, routes, neighbours,
// connections and displays are reported as not collected rather than empty.
import type { ProbeSet } from '../probe-set.js';
import { notCollected } from '../probe-set.js';
import { probePortableHost } from '../portable/host.js';
import { probePortableInterfaces } from '../portable/interfaces.js';
import { probePortableProcesses } from '../portable/processes.js';

export function win32Probes(): ProbeSet {
  return {
    host: probePortableHost,
    processes: probePortableProcesses,
    interfaces: probePortableInterfaces,
    routes: notCollected('routes', 'win32'),
    neighbours: notCollected('neighbours', 'win32'),
    connections: notCollected('connections', 'win32'),
    usb: notCollected('usb', 'win32'),
    displays: notCollected('displays', 'win32'),
  };
}
