// Linux probes: everything from procfs/sysfs under a root prefix ('' = the real system).
import { networkProbes } from '../net/index.js';
import type { NetworkOptions } from '../net/options.js';
import type { ProbeContext } from '../run-probe.js';
import type { ProbeSet } from '../probe-set.js';
import { RootedFs } from '../util/rooted-fs.js';
import { probeLinuxConnections } from './connections.js';
import { withDhcpServers } from './dhcp.js';
import { probeLinuxDisplays } from './displays.js';
import { probeLinuxDns } from './dns.js';
import { probeLinuxHid } from './hid.js';
import { probeLinuxHost } from './host.js';
import { probeLinuxInstalledApps } from './installed-apps.js';
import { probeLinuxInterfaces } from './interfaces.js';
import { probeLinuxNeighbours } from './neighbours.js';
import { probeLinuxPower } from './power.js';
import { probeLinuxProcesses } from './processes.js';
import { probeLinuxProxies } from './proxies.js';
import { probeLinuxRoutes } from './routes.js';
import { probeLinuxServices } from './services.js';
import { probeLinuxStorage } from './storage.js';
import { probeLinuxUsb } from './usb.js';
import { probeLinuxWifi } from './wifi.js';

type RootedProbe<T> = (context: ProbeContext, fs: RootedFs) => Promise<T>;

export function linuxProbes(root: string, network: NetworkOptions = {}): ProbeSet {
  const rooted =
    <T>(probe: RootedProbe<T>) =>
    (context: ProbeContext): Promise<T> =>
      probe(context, new RootedFs(root, context.signal));
  return {
    host: rooted(probeLinuxHost),
    processes: rooted(probeLinuxProcesses),
    interfaces: rooted(async (context, fs) => withDhcpServers(await probeLinuxInterfaces(context, fs), fs)),
    routes: rooted(probeLinuxRoutes),
    neighbours: rooted(probeLinuxNeighbours),
    connections: rooted(probeLinuxConnections),
    usbDevices: rooted(probeLinuxUsb),
    displays: rooted(probeLinuxDisplays),
    hidDevices: rooted(probeLinuxHid),
    storageDevices: rooted(probeLinuxStorage),
    power: rooted(probeLinuxPower),
    wifi: rooted(probeLinuxWifi),
    installedApps: rooted(probeLinuxInstalledApps),
    services: rooted(probeLinuxServices),
    proxies: rooted(probeLinuxProxies),
    dnsServers: rooted(probeLinuxDns),
    ...networkProbes(network),
  };
}
