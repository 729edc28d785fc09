// One scan: collect facts (or replay recorded ones), detect, build the report, and note the
// outcome in last-scan.json for `status`.
import { z } from 'zod';
import { SEVERITIES, Timestamp, Uuid, type Facts, type Finding, type Policy, type Report } from '../../shared/index.js';
import { detect } from '../detect/index.js';
import { agentError } from '../errors.js';
import type { Logger } from '../log.js';
import { collectFacts, type NetworkOptions } from '../probes/index.js';
import { buildReport } from '../report/build-report.js';
import { AGENT_VERSION } from '../version.js';
import { loadFactsFile } from './facts-file.js';
import { readJson, writeFileAtomic } from './files.js';
import type { Identity } from './identity.js';
import { statePaths } from './state.js';

export type FactsSource = () => Promise<Facts>;

export function probeFacts(options: { root?: string; probeTimeoutMs: number; scanBudgetMs: number; network?: NetworkOptions }): FactsSource {
  if (options.root !== undefined && process.platform !== 'linux') throw agentError('INVALID_INPUT', '--root only applies to the Linux probes');
  return () => collectFacts(options);
}

export function recordedFacts(file: string): FactsSource {
  return () => loadFactsFile(file);
}

export const LastScan = z.object({
  reportId: Uuid,
  startedAt: Timestamp,
  finishedAt: Timestamp,
  durationMs: z.number().nonnegative(),
  findingCount: z.number().int().nonnegative(),
  bySeverity: z.partialRecord(z.enum(SEVERITIES), z.number().int().nonnegative()),
  probesFailed: z.array(z.string()),
});
export type LastScan = z.infer<typeof LastScan>;

export interface ScanInput {
  facts: FactsSource;
  policy: Policy;
  identity: Pick<Identity, 'agentId' | 'orgKey'>;
  spoolEvicted: number;
  /** Where to write last-scan.json; omitted for replays of recorded facts. */
  stateDir?: string;
  log: Logger;
}

export interface ScanResult {
  facts: Facts;
  findings: Finding[];
  report: Report;
}

export async function performScan(input: ScanInput): Promise<ScanResult> {
  const startedAt = new Date();
  const facts = await input.facts();
  const findings = detect(facts, input.policy);
  const finishedAt = new Date();
  const report = buildReport(facts, findings, {
    agentId: input.identity.agentId,
    orgKey: input.identity.orgKey,
    agentVersion: AGENT_VERSION,
    startedAt,
    finishedAt,
    spoolEvicted: input.spoolEvicted,
  });
  input.log.debug({ reportId: report.reportId, findings: report.findings.length, durationMs: report.scan.durationMs }, 'scan finished');
  if (input.stateDir) {
    await recordLastScan(input.stateDir, report).catch((error: unknown) => input.log.warn({ err: error }, 'cannot record the scan in last-scan.json'));
  }
  return { facts, findings: report.findings, report };
}

async function recordLastScan(stateDir: string, report: Report): Promise<void> {
  const bySeverity: LastScan['bySeverity'] = {};
  for (const f of report.findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const lastScan: LastScan = {
    reportId: report.reportId,
    startedAt: report.scan.startedAt,
    finishedAt: report.scan.finishedAt,
    durationMs: report.scan.durationMs,
    findingCount: report.findings.length,
    bySeverity,
    probesFailed: report.probes.filter((p) => !p.ok).map((p) => p.probe),
  };
  await writeFileAtomic(statePaths(stateDir).lastScan, `${JSON.stringify(lastScan, null, 2)}\n`, 0o600);
}

export async function readLastScan(stateDir: string): Promise<LastScan | undefined> {
  const read = await readJson(statePaths(stateDir).lastScan).catch(() => ({ kind: 'missing' as const }));
  if (read.kind !== 'ok') return undefined;
  const parsed = LastScan.safeParse(read.value);
  return parsed.success ? parsed.data : undefined;
}
