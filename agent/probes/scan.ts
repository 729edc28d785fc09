// Runs a platform's probes concurrently, each with its own timeout, all within one scan budget,
// and assembles Facts. Failed or timed-out probes contribute empty facts and a failed health
// entry named after the part; parts the platform does not provide are marked unsupported.
import { SCHEMA_VERSION, type Platform } from '../../shared/schema/common.js';
import type { Facts } from '../../shared/schema/facts.js';
import { FACT_PARTS, type FactPart, type FactParts, type ProbeSet } from './probe-set.js';
import { runProbe, type Probe, type ProbeRun } from './run-probe.js';

export interface ScanOptions {
  platform: Platform;
  probeTimeoutMs: number;
  scanBudgetMs: number;
}

function unsupported(part: FactPart, platform: Platform): ProbeRun<unknown> {
  return {
    value: FACT_PARTS[part](),
    health: { probe: part, ok: false, unsupported: true, durationMs: 0, error: `not collected on ${platform} yet` },
  };
}

export async function scanProbes(probes: ProbeSet, options: ScanOptions): Promise<Facts> {
  const deadline = performance.now() + options.scanBudgetMs;
  const parts = Object.keys(FACT_PARTS) as FactPart[];
  const runs = await Promise.all(
    parts.map((part) => {
      const probe = probes[part] as Probe<unknown> | undefined;
      if (!probe) return Promise.resolve(unsupported(part, options.platform));
      const timeoutMs = Math.min(options.probeTimeoutMs, Math.floor(deadline - performance.now()));
      return runProbe(part, probe, { empty: FACT_PARTS[part] as () => unknown, timeoutMs }) as Promise<ProbeRun<unknown>>;
    }),
  );
  const values = Object.fromEntries(parts.map((part, i) => [part, runs[i]!.value])) as FactParts;
  return {
    schemaVersion: SCHEMA_VERSION,
    collectedAt: new Date().toISOString(),
    platform: options.platform,
    ...values,
    probes: runs.map((r) => r.health),
  };
}
