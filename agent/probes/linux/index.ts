// Linux probes: everything from procfs/sysfs under a root prefix ('' = the real system).
import type { ProbeContext } from '../run-probe.js';
import type { ProbeSet } from '../probe-set.js';
import { RootedFs } from '../util/rooted-fs.js';
import { probeLinuxConnections } from './connections.js';
import { probeLinuxDisplays } from './displays.js';
import { probeLinuxHost } from './host.js';
import { probeLinuxInterfaces } from './interfaces.js';
import { probeLinuxNeighbours } from './neighbours.js';
import { probeLinuxProcesses } from './processes.js';
import { probeLinuxRoutes } from './routes.js';
import { probeLinuxUsb } from './usb.js';

type RootedProbe<T> = (context: ProbeContext, fs: RootedFs) => Promise<T>;

export function linuxProbes(root: string): ProbeSet {
  const rooted =
    <T>(probe: RootedProbe<T>) =>
    (context: ProbeContext): Promise<T> =>
      probe(context, new RootedFs(root, context.signal));
  return {
    host: rooted(probeLinuxHost),
    processes: rooted(probeLinuxProcesses),
    interfaces: rooted(probeLinuxInterfaces),
    routes: rooted(probeLinuxRoutes),
    neighbours: rooted(probeLinuxNeighbours),
    connections: rooted(probeLinuxConnections),
    usbDevices: rooted(probeLinuxUsb),
    displays: rooted(probeLinuxDisplays),
  };
}
