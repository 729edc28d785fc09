// Runs a platform's probes concurrently, each with its own timeout, all within one scan budget,
// and assembles Facts. Failed or timed-out probes contribute empty facts and a health entry.
import { SCHEMA_VERSION, type Platform } from '../../shared/schema/common.js';
import type { Facts, HostFacts } from '../../shared/schema/facts.js';
import type { ProbeSet } from './probe-set.js';
import { runProbe, type Probe, type ProbeRun } from './run-probe.js';

export interface ScanOptions {
  platform: Platform;
  probeTimeoutMs: number;
  scanBudgetMs: number;
}

const emptyHost = (): HostFacts => ({ hostname: '', osRelease: '', arch: 'unknown' });
const emptyList = <T>(): T[] => [];

export async function scanProbes(probes: ProbeSet, options: ScanOptions): Promise<Facts> {
  const deadline = performance.now() + options.scanBudgetMs;
  const run = <T>(name: string, probe: Probe<T>, empty: NoInfer<() => T>): Promise<ProbeRun<T>> =>
    runProbe(name, probe, { empty, timeoutMs: Math.min(options.probeTimeoutMs, Math.floor(deadline - performance.now())) });

  const [host, processes, interfaces, routes, neighbours, connections, usb, displays] = await Promise.all([
    run('host', probes.host, emptyHost),
    run('processes', probes.processes, emptyList),
    run('interfaces', probes.interfaces, emptyList),
    run('routes', probes.routes, emptyList),
    run('neighbours', probes.neighbours, emptyList),
    run('connections', probes.connections, emptyList),
    run('usb', probes.usb, emptyList),
    run('displays', probes.displays, emptyList),
  ]);

  return {
    schemaVersion: SCHEMA_VERSION,
    collectedAt: new Date().toISOString(),
    platform: options.platform,
    host: host.value,
    processes: processes.value,
    interfaces: interfaces.value,
    routes: routes.value,
    neighbours: neighbours.value,
    connections: connections.value,
    usbDevices: usb.value,
    displays: displays.value,
    probes: [host, processes, interfaces, routes, neighbours, connections, usb, displays].map((r) => r.health),
  };
}
