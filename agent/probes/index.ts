// Entry point of the agent's probes: collect the facts describing this machine.
import { PLATFORMS, type Platform } from '../../shared/schema/common.js';
import type { Facts } from '../../shared/schema/facts.js';
import { linuxProbes } from './linux/index.js';
import type { NetworkOptions } from './net/options.js';
import type { ProbeSet } from './probe-set.js';
import { scanProbes } from './scan.js';

export interface CollectOptions {
  /** Prefix for every Linux /sys and /proc path ('' = the real system). */
  root?: string;
  probeTimeoutMs?: number; // per probe, default 15000
  scanBudgetMs?: number; // whole scan, default 60000
  platform?: 'linux' | 'darwin' | 'win32'; // default process.platform
  /** RTT targets and LAN beacon settings (from the policy and the credential); absent: none. */
  network?: NetworkOptions;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
export const DEFAULT_SCAN_BUDGET_MS = 60_000;
const NETWORK_BUDGET_MARGIN_MS = 1_000;

// macOS and Windows probes load systeminformation and ps-list: imported only where they run.
async function probesFor(platform: Platform, root: string, network: NetworkOptions): Promise<ProbeSet> {
  switch (platform) {
    case 'linux':
      return linuxProbes(root, network);
    case 'darwin':
      return (await import('./darwin/index.js')).darwinProbes(network);
    case 'win32':
      return (await import('./win32/index.js')).win32Probes(network);
  }
}

function checkDuration(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number of milliseconds, got ${value}`);
  return value;
}

export async function collectFacts(options: CollectOptions = {}): Promise<Facts> {
  const platform = options.platform ?? process.platform;
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw new Error(`unsupported platform '${platform}'`);
  const root = options.root ?? '';
  if (root !== '' && platform !== 'linux') throw new Error(`root is a Linux /sys and /proc prefix; platform is ${platform}`);
  const probeTimeoutMs = checkDuration('probeTimeoutMs', options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
  const scanBudgetMs = checkDuration('scanBudgetMs', options.scanBudgetMs ?? DEFAULT_SCAN_BUDGET_MS);
  // RTT sampling and beacon listening end before their probes time out, so what they got is kept.
  const networkBudgetMs = Math.max(0, Math.min(probeTimeoutMs, scanBudgetMs) - NETWORK_BUDGET_MARGIN_MS);
  const { beacon } = options.network ?? {};
  const network: NetworkOptions = {
    ...options.network,
    rttBudgetMs: networkBudgetMs,
    beacon: beacon && { ...beacon, listenMs: Math.min(beacon.listenMs, networkBudgetMs) },
  };
  return scanProbes(await probesFor(platform as Platform, root, network), { platform: platform as Platform, probeTimeoutMs, scanBudgetMs });
}

export type { ProbeSet } from './probe-set.js';
export type { BeaconOptions, NetworkOptions, RttTarget } from './net/options.js';
