// The macOS part probes: each runs its commands (concurrently where there are several) through
// the injectable runner and hands the output to a pure parser. A source that only enriches a part
// becomes a warning when it fails; the part fails when its main source does.
import type { DisplayFact, HostFacts, NeighbourFact, PowerFact, ServiceFact, UsbDeviceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { describeError } from '../util/text.js';
import { runCommand, type CommandRunner, type DarwinCommand } from './commands.js';
import { mergeLaunchdJobs, readLaunchdJobs } from './launchd-jobs.js';
import { parseNetstatConnections } from './parse-connections.js';
import { parseDarwinDisplays } from './parse-displays.js';
import { parseIoregHid } from './parse-hid.js';
import { parseInputSources } from './parse-input-sources.js';
import { parseLaunchctlList, parseLaunchctlPrint, SCREEN_SHARING } from './parse-launchctl.js';
import { parseArp, parseNdp } from './parse-neighbours.js';
import { parseClamshell, parsePmsetBatt, parsePmsetSettings } from './parse-power.js';
import { parseNetstatRoutes } from './parse-routes.js';
import { parseScutilDns, parseScutilProxy } from './parse-scutil.js';
import { parseIoregStorage } from './parse-storage.js';
import { parseSystemProfilerUsb } from './parse-usb.js';
import { parseIoregUsbInterfaces, withInterfaces } from './parse-usb-interfaces.js';
import { parseIoregUsbDevices } from './parse-usb-ioreg.js';
import { parseSpAirport } from './parse-wifi.js';

export class DarwinSources {
  constructor(private readonly runner: CommandRunner) {}

  run(command: DarwinCommand, context: ProbeContext): Promise<string> {
    return runCommand(this.runner, command, context.signal);
  }

  /** Output of a command whose failure only costs detail: undefined plus a warning. */
  async optional(command: DarwinCommand, context: ProbeContext): Promise<string | undefined> {
    try {
      return await this.run(command, context);
    } catch (error) {
      context.signal.throwIfAborted();
      context.warn(`${command}: ${describeError(error)}`);
      return undefined;
    }
  }

  async keyboardLayouts(context: ProbeContext): Promise<Pick<HostFacts, 'keyboardLayouts'>> {
    const xml = await this.optional('inputSources', context);
    if (xml === undefined) return {};
    try {
      const layouts = parseInputSources(xml);
      return layouts.length > 0 ? { keyboardLayouts: layouts } : {};
    } catch (error) {
      context.warn(`inputSources: ${describeError(error)}`);
      return {};
    }
  }

  async routes(context: ProbeContext) {
    const [v4, v6] = await Promise.all([this.run('routes4', context), this.optional('routes6', context)]);
    return [...parseNetstatRoutes(v4), ...parseNetstatRoutes(v6 ?? '')];
  }

  async neighbours(context: ProbeContext): Promise<NeighbourFact[]> {
    const [arp, ndp] = await Promise.all([this.run('arp', context), this.optional('ndp', context)]);
    return [...parseArp(arp), ...parseNdp(ndp ?? '')].slice(0, 10_000);
  }

  async connections(context: ProbeContext) {
    return parseNetstatConnections(await this.run('connections', context));
  }

  /** system_profiler's devices (ioreg's when it lists none, as on macOS 26) with ioreg's interfaces. */
  async usbDevices(context: ProbeContext): Promise<UsbDeviceFact[]> {
    const [profiler, interfaces] = await Promise.all([this.optional('usb', context), this.optional('usbInterfaces', context)]);
    let devices: UsbDeviceFact[] = [];
    try {
      devices = profiler === undefined ? [] : parseSystemProfilerUsb(profiler);
    } catch (error) {
      context.warn(`usb: ${describeError(error)}`);
    }
    if (devices.length === 0) devices = parseIoregUsbDevices(await this.run('usbIoreg', context));
    return interfaces === undefined ? devices : withInterfaces(devices, parseIoregUsbInterfaces(interfaces));
  }

  async displays(context: ProbeContext): Promise<DisplayFact[]> {
    const commands = ['displays', 'displayEdid', 'framebuffers'] as const;
    const settled = await Promise.allSettled(commands.map((c) => this.run(c, context)));
    if (settled.every((s) => s.status === 'rejected')) throw (settled[0] as PromiseRejectedResult).reason;
    const output = (index: number, empty: string): string => {
      const s = settled[index]!;
      if (s.status === 'fulfilled') return s.value;
      context.warn(`${commands[index]}: ${describeError(s.reason)}`);
      return empty;
    };
    return parseDarwinDisplays({ spJson: output(0, '{"SPDisplaysDataType":[]}'), edidXml: output(1, ''), framebufferXml: output(2, '') });
  }

  async hidDevices(context: ProbeContext) {
    return parseIoregHid(await this.run('hid', context));
  }

  async storageDevices(context: ProbeContext) {
    return parseIoregStorage(await this.run('storage', context));
  }

  /** launchd jobs (loaded, and installed in launchdDirs), plus Screen Sharing: `launchctl print` fails when the service is not loaded (disabled). */
  async services(context: ProbeContext, launchdDirs: readonly string[]): Promise<ServiceFact[]> {
    const [list, screenSharing, jobs] = await Promise.all([
      this.run('launchctl', context),
      this.run('screenSharing', context).then((text) => ({ text }), (error: unknown) => ({ error })),
      readLaunchdJobs(launchdDirs, this.runner, context.signal, context.warn),
    ]);
    const services = mergeLaunchdJobs(parseLaunchctlList(list), jobs).filter((s) => s.name !== SCREEN_SHARING);
    const loaded = 'text' in screenSharing ? parseLaunchctlPrint(screenSharing.text) : undefined;
    services.push(loaded ?? { name: SCREEN_SHARING, displayName: 'Screen Sharing (disabled)', state: 'stopped', startType: 'disabled' });
    return services;
  }

  async proxies(context: ProbeContext) {
    return parseScutilProxy(await this.run('proxy', context));
  }

  async dnsServers(context: ProbeContext) {
    return parseScutilDns(await this.run('dns', context));
  }

  async wifi(context: ProbeContext) {
    return parseSpAirport(await this.run('wifi', context));
  }

  async power(context: ProbeContext): Promise<PowerFact> {
    const [batt, settings, clamshell] = await Promise.all([this.run('battery', context), this.optional('powerSettings', context), this.optional('clamshell', context)]);
    return { ...parsePmsetBatt(batt), ...(settings === undefined ? {} : parsePmsetSettings(settings)), ...(clamshell === undefined ? {} : parseClamshell(clamshell)) };
  }
}
