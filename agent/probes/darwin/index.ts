// macOS probes: processes, interfaces and host identity through the portable probes; everything
// else from the system's own commands (system_profiler, ioreg, netstat, arp/ndp, scutil, pmset,
// launchctl, defaults), each parsed by a pure function (probes.ts lists which command feeds which
// part). Commands of one part run concurrently and stop when the part's probe times out.
import { networkProbes } from '../net/index.js';
import type { NetworkOptions } from '../net/options.js';
import { probePortableHost } from '../portable/host.js';
import { probePortableInterfaces } from '../portable/interfaces.js';
import { probePortableProcesses } from '../portable/processes.js';
import type { ProbeSet } from '../probe-set.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { listApplications } from './applications.js';
import { execRunner, type CommandRunner } from './commands.js';
import { LAUNCHD_DIRS } from './launchd-jobs.js';
import { DarwinSources } from './probes.js';

export interface DarwinProbeOptions {
  /** Runs each command; tests put a real process printing a recorded output in its place. */
  runner?: CommandRunner;
  /** Where application bundles are listed; default /Applications and ~/Applications. */
  applicationDirs?: readonly string[];
  /** Where launchd job plists are read; default /Library/LaunchDaemons and /Library/LaunchAgents. */
  launchdDirs?: readonly string[];
}

export function darwinProbes(network: NetworkOptions = {}, options: DarwinProbeOptions = {}): ProbeSet {
  const runner = options.runner ?? execRunner;
  const sources = new DarwinSources(runner);
  const applicationDirs = options.applicationDirs ?? ['/Applications', join(homedir(), 'Applications')];
  return {
    ...networkProbes(network),
    host: async (context) => {
      const [host, layouts] = await Promise.all([probePortableHost(context), sources.keyboardLayouts(context)]);
      return { ...host, ...layouts };
    },
    processes: probePortableProcesses,
    interfaces: probePortableInterfaces,
    routes: (c) => sources.routes(c),
    neighbours: (c) => sources.neighbours(c),
    connections: (c) => sources.connections(c),
    usbDevices: (c) => sources.usbDevices(c),
    displays: (c) => sources.displays(c),
    hidDevices: (c) => sources.hidDevices(c),
    storageDevices: (c) => sources.storageDevices(c),
    installedApps: (c) => listApplications(applicationDirs, runner, c.signal, c.warn),
    services: (c) => sources.services(c, options.launchdDirs ?? LAUNCHD_DIRS),
    proxies: (c) => sources.proxies(c),
    dnsServers: (c) => sources.dnsServers(c),
    wifi: (c) => sources.wifi(c),
    power: (c) => sources.power(c),
  };
}
