// The ingest pipeline for decoded reports, one batch at a time: the collector's own findings about
// each report (egress with its GeoIP answer, location plausibility), suppression and alert rules, then one
// transaction for the whole batch (group commit). Afterwards, per stored report: suppression
// counters, the hardware-clone check, and the facts the co-location engine observes.
import type { Logger } from 'pino';
import { checkHardwareClone } from '../alerts/clones.js';
import { mattersToCorrelation } from '../correlation/index.js';
import { decideAlerts } from '../alerts/rules.js';
import { suppressingRule, type SuppressingRule, type SuppressionContext } from '../alerts/suppression.js';
import type { IpIntel } from '../geoip/types.js';
import { describeEgress, reportLocationFindings, withFindings, type LocationConfig } from '../location/enrich-report.js';
import type { Office } from '../offices/office.js';
import type { CorrelationFacts } from '../store/correlation-store.js';
import type { Egress } from '../store/inventory-store.js';
import type { RecordReportInput, RecordReportResult, Store } from '../store/store.js';
import { loadBatchContext, policyReader, type BatchContext } from './batch-context.js';
import type { DecodedReport } from './decode-report.js';

/** A decoded report with what the HTTP side knew of its request. */
export interface IngestItem extends DecodedReport {
  /** When the collector received it (its clock, not the agent's). */
  receivedAt: string;
  /** The client address (request.ip: X-Forwarded-For only behind a trusted proxy). */
  ip: string;
  /** What GeoIP knows of `ip`; undefined when nothing (or GeoIP is off). */
  intel: IpIntel | undefined;
}

export type IngestResult =
  | { outcome: 'stored'; alertsOpened: number; alertsUpdated: number; suppressed: number }
  | { outcome: 'duplicate' }
  /** Another agent owns this report id; nothing was stored. */
  | { outcome: 'foreign_duplicate' }
  /** Storing failed (logged); the agent keeps the report and sends it again. */
  | { outcome: 'failed' };

export interface IngestPipelineOptions {
  store: Store;
  config: LocationConfig;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'isLevelEnabled'>;
  /** Facts of the reports each batch stored, for the co-location engine, with the offices the batch saw. */
  onStored(facts: CorrelationFacts[], offices: Office[]): void;
}

interface Prepared {
  input: RecordReportInput;
  rule: SuppressingRule;
  egress: Egress | undefined;
  /** What suppression rules match besides the alert (also for the clone check's alert). */
  context: Omit<SuppressionContext, 'agentIds'>;
}

export class IngestPipeline {
  readonly #policy: ReturnType<typeof policyReader>;

  constructor(private readonly options: IngestPipelineOptions) {
    this.#policy = policyReader(options.store);
  }

  /** Stores a batch; one result per item, in order. Never rejects for a single bad report. */
  async commit(items: IngestItem[]): Promise<IngestResult[]> {
    if (!items.length) return [];
    const { store, logger } = this.options;
    const context = await loadBatchContext(store, items, this.#policy);
    const prepared = items.map((item) => this.#prepare(item, context));
    let stored: (RecordReportResult | undefined)[];
    try {
      stored = await store.recordReports(prepared.map((p) => p.input));
    } catch (error) {
      // One report the store refuses must not fail the others: each again in its own transaction
      // (a rule's decide() judges afresh on every call, so the prepared inputs serve again).
      if (items.length > 1) logger.warn({ err: error, reports: items.length }, 'batch not stored; storing its reports one by one');
      stored = [];
      for (const [i, item] of items.entries()) {
        stored.push(await store.recordReports([prepared[i]!.input]).then(([r]) => r, (e: unknown) => {
          logger.error({ err: e, agentId: item.report.agentId, reportId: item.report.reportId }, 'report not stored');
          return undefined;
        }));
      }
    }

    const facts: CorrelationFacts[] = [];
    const results: IngestResult[] = [];
    for (const [i, item] of items.entries()) {
      const result = stored[i];
      const { rule, egress, context: suppression } = prepared[i]!;
      if (result === undefined) {
        results.push({ outcome: 'failed' });
        continue;
      }
      if (result.outcome !== 'stored') {
        results.push({ outcome: result.outcome });
        continue;
      }
      const { report } = item;
      if (logger.isLevelEnabled('info')) {
        logger.info({ agentId: report.agentId, reportId: report.reportId, findings: report.findings.length,
          alertsOpened: result.alertsOpened, alertsUpdated: result.alertsUpdated, suppressed: rule.hits().length }, 'report stored');
      }
      await this.#afterStored(item, rule, suppression).catch((error: unknown) => {
        // The report is stored; a failed follow-up must not make the agent resend it.
        logger.error({ err: error, agentId: report.agentId, reportId: report.reportId }, 'post-report checks failed');
      });
      facts.push(correlationFacts(item, result.seq, egress, context));
      results.push({ outcome: 'stored', alertsOpened: result.alertsOpened, alertsUpdated: result.alertsUpdated, suppressed: rule.hits().length });
    }
    if (facts.length) this.options.onStored(facts, context.offices);
    return results;
  }

  #prepare(item: IngestItem, context: BatchContext): Prepared {
    const { report, body, receivedAt, ip, intel } = item;
    const egress = describeEgress(ip, report.network.gatewayMacHash, intel, context.offices);
    const inventory = context.inventory.get(report.reportId) ?? null;
    const extra = reportLocationFindings({ report, egress, inventory, policy: context.policy }, this.options.config);
    const suppressions = context.suppressions.filter((s) => s.expiresAt === null || s.expiresAt > receivedAt);
    const suppression = {
      egressIp: ip,
      employeeIds: inventory ? [inventory.employeeId] : [],
      ...(report.network.gatewayMacHash ? { gatewayMacHash: report.network.gatewayMacHash } : {}),
    };
    const rule = suppressingRule(withFindings(decideAlerts, extra), suppressions, suppression);
    return { input: { report, body, receivedAt, egress: egress ?? null, decideAlerts: rule.decide }, rule, egress, context: suppression };
  }

  async #afterStored({ report, receivedAt }: IngestItem, rule: SuppressingRule, suppression: Prepared['context']): Promise<void> {
    const { store } = this.options;
    const hits = rule.hits();
    if (hits.length) await store.countSuppressed(hits, receivedAt);
    const identity = { agentId: report.agentId, serial: report.host.serial ?? null, hardwareUuid: report.host.hardwareUuid ?? null };
    await checkHardwareClone(store, identity, receivedAt, suppression);
  }
}

/** What the co-location engine needs of a stored report, as the store would read it back. */
function correlationFacts({ report, receivedAt }: IngestItem, seq: number, egress: Egress | undefined, context: BatchContext): CorrelationFacts {
  const { network } = report;
  const inventory = context.inventory.get(report.reportId) ?? null;
  return {
    seq, agentId: report.agentId, reportId: report.reportId, receivedAt, hostname: report.host.hostname, serial: report.host.serial ?? null,
    network: {
      ...(network.gatewayMacHash ? { gatewayMacHash: network.gatewayMacHash } : {}),
      ...(network.wifiBssidHash ? { wifiBssidHash: network.wifiBssidHash } : {}),
      neighbourMacHashes: network.neighbourMacHashes, ipv6Prefixes: network.ipv6Prefixes,
    },
    lanPeers: [...new Set(report.lanPeers.map((p) => p.agentId))].filter((id) => context.enrolledPeers.has(id)).sort(),
    findings: report.findings.filter(mattersToCorrelation).map(({ signal, category, severity, subject }) => ({ signal, category, severity, subject })),
    egress: egress ?? null,
    employee: inventory && { id: inventory.employeeId, name: inventory.employeeName },
  };
}
