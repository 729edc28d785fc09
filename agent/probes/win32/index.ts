// Windows probes: one PowerShell run per scan (collect-script.ts) whose JSON document every part
// reads through its own pure parser. Each part keeps its own health entry: a section the script
// could not collect fails only the parts that need it (host, processes and interfaces fall back
// to the portable probes, with a warning).
import { networkProbes } from '../net/index.js';
import type { NetworkOptions } from '../net/options.js';
import { probePortableHost } from '../portable/host.js';
import { probePortableInterfaces } from '../portable/interfaces.js';
import { probePortableProcesses } from '../portable/processes.js';
import type { ProbeSet } from '../probe-set.js';
import type { Probe, ProbeContext } from '../run-probe.js';
import { describeError } from '../util/text.js';
import type { Win32Document } from './document.js';
import { parseWin32Connections } from './parse-connections.js';
import { parseWin32Displays } from './parse-displays.js';
import { parseWin32DnsServers } from './parse-dns.js';
import { parseWin32Hid } from './parse-hid.js';
import { parseWin32Host } from './parse-host.js';
import { parseWin32InstalledApps } from './parse-installed-apps.js';
import { parseWin32Interfaces } from './parse-interfaces.js';
import { parseWin32Neighbours } from './parse-neighbours.js';
import { parseWin32Power } from './parse-power.js';
import { parseWin32Processes } from './parse-processes.js';
import { parseWin32Proxies } from './parse-proxies.js';
import { parseWin32Routes } from './parse-routes.js';
import { parseWin32Services } from './parse-services.js';
import { parseWin32Storage } from './parse-storage.js';
import { parseWin32Usb } from './parse-usb.js';
import { parseWin32Wifi } from './parse-wifi.js';
import { execRunner, runPowerShell, type CommandRunner } from './run-powershell.js';
import { shareDocument } from './shared-document.js';

export interface Win32ProbeOptions {
  /** Runs powershell.exe; tests put a real process printing a recorded document in its place. */
  runner?: CommandRunner;
  /** IANA time zone to report; default: this process's zone (Intl maps the Windows zone) on Windows. */
  ianaTimeZone?: string;
}

type Parse<T> = (document: Win32Document, context: ProbeContext) => T;

/** Host, processes and interfaces survive a broken PowerShell through the portable probes. */
const orPortable =
  <T>(primary: Probe<T>, portable: Probe<T>): Probe<T> =>
  async (context) => {
    try {
      return await primary(context);
    } catch (error) {
      context.signal.throwIfAborted();
      context.warn(`${describeError(error)}; collected by the portable probe instead`);
      return portable(context);
    }
  };

export function win32Probes(network: NetworkOptions = {}, options: Win32ProbeOptions = {}): ProbeSet {
  const runner = options.runner ?? execRunner;
  const documentFor = shareDocument((signal) => runPowerShell(signal, runner));
  const part =
    <T>(parse: Parse<T>): Probe<T> =>
    async (context) =>
      parse(await documentFor(context), context);
  const ianaTimeZone = options.ianaTimeZone ?? (process.platform === 'win32' ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined);
  return {
    ...networkProbes(network),
    host: orPortable(part((d) => parseWin32Host(d, { ianaTimeZone })), probePortableHost),
    processes: orPortable(part((d) => parseWin32Processes(d)), probePortableProcesses),
    interfaces: orPortable(part((d, c) => parseWin32Interfaces(d, c.warn)), probePortableInterfaces),
    routes: part((d) => parseWin32Routes(d)),
    neighbours: part((d) => parseWin32Neighbours(d)),
    connections: part((d, c) => parseWin32Connections(d, c.warn)),
    usbDevices: part((d, c) => parseWin32Usb(d, c.warn)),
    displays: part((d, c) => parseWin32Displays(d, c.warn)),
    hidDevices: part((d, c) => parseWin32Hid(d, c.warn)),
    storageDevices: part((d, c) => parseWin32Storage(d, c.warn)),
    installedApps: part((d) => parseWin32InstalledApps(d)),
    services: part((d, c) => parseWin32Services(d, c.warn)),
    proxies: part((d, c) => parseWin32Proxies(d, c.warn)),
    dnsServers: part((d) => parseWin32DnsServers(d)),
    wifi: part((d, c) => parseWin32Wifi(d, c.warn)),
    power: part((d, c) => parseWin32Power(d, c.warn)),
  };
}
