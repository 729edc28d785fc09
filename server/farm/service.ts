// The collector's co-location correlation: one CorrelationEngine per collector process, fed from
// the store (not from the process's own requests), so every collector of one database converges
// on the same fleet view. Start replays each device's latest report; then every poll reads the
// reports stored since its cursor. Only the job leader raises `farm_suspected` alerts, one per
// cluster (dedup key `farm:<cluster id>`). See README "Scaling beyond one machine".
import type { Logger } from 'pino';
import { raiseAlert } from '../alerts/raise.js';
import { CorrelationEngine, type ChangeSet, type ClusterView, type CorrelationOptionsInput } from '../correlation/index.js';
import type { Cidr } from '../net/ip.js';
import type { Office } from '../offices/office.js';
import type { CorrelationFacts, ReportCursor } from '../store/correlation-store.js';
import type { Actor } from '../store/operations.js';
import type { Alert, Store } from '../store/store.js';
import { farmAlert, farmDedupKey } from './farm-alert.js';
import { observationOf, type DeviceInfo } from './observation-of.js';

export interface CorrelationServiceOptions {
  store: Store;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  labNetworks?: readonly Cidr[];
  /** How often to read new reports; 0: only when asked (poll()). */
  pollMs: number;
  /** Whether this process raises alerts (the job leader). */
  leading: () => boolean;
  engine?: CorrelationOptionsInput;
  /**
   * How far behind the newest report each read starts again: reports of other collectors (clock
   * skew) or of slow transactions that commit after a later one, and egress recorded just after
   * its report, are picked up; reports already read are skipped.
   */
  overlapMs?: number;
  now?: () => number;
}

const PAGE = 500;
const KEY_PAGE = 5_000;
const EGRESS_GRACE_MS = 10_000;
/** Stored reports wake a poll after at most this long: many reports, one read. */
const NUDGE_DELAY_MS = 250;
const SYSTEM: Actor = { kind: 'system', job: 'correlation' };
const START: ReportCursor = { receivedAt: '1970-01-01T00:00:00.000Z', reportId: '' };

/** What was last raised for a cluster, so an unchanged cluster is not raised again. */
interface Raised {
  alertId: string;
  dedupKey: string;
  signature: string;
}

const signatureOf = (c: ClusterView) =>
  JSON.stringify([c.members, c.evidenceKinds, c.remoteControlDevices, c.ipKvmDevices, c.employees, c.score.score]);

export class CorrelationService {
  readonly engine: CorrelationEngine;
  readonly #devices = new Map<string, DeviceInfo>();
  /** Reports read within the overlap, and whether their egress was there. */
  readonly #seen = new Map<string, { receivedAt: string; egress: boolean }>();
  readonly #raised = new Map<string, Raised>();
  #newest = START.receivedAt;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<ChangeSet> | undefined;
  #again = false;
  #stopped = true;
  #nudge: NodeJS.Timeout | undefined;

  constructor(private readonly options: CorrelationServiceOptions) {
    this.engine = new CorrelationEngine(options.engine);
  }

  get overlapMs(): number {
    return this.options.overlapMs ?? 60_000;
  }

  /** Replays every device's latest report, then polls. */
  async start(): Promise<void> {
    const started = Date.now();
    const facts = await this.options.store.latestCorrelationFacts();
    const offices = await this.options.store.listOffices();
    for (const f of facts) this.#observe(f, offices);
    this.options.logger.info({ devices: facts.length, clusters: this.engine.stats().clusters, ms: Date.now() - started }, 'co-location engine rebuilt from the store');
    this.#stopped = false;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#nudge) clearTimeout(this.#nudge);
    this.#timer = undefined;
    this.#nudge = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** Reads what was stored since the last read (runs are serialised; a call during a run runs once more after it). */
  poll(): Promise<ChangeSet> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#read().finally(() => {
      this.#running = undefined;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        void this.poll();
      }
    });
    return this.#running;
  }

  /**
   * A report was stored here: read it soon rather than at the next interval. Nudges within
   * NUDGE_DELAY_MS share one read, so the cost of polling does not grow with the ingest rate.
   */
  nudge(): void {
    if (this.#stopped || this.#nudge) return;
    this.#nudge = setTimeout(() => {
      this.#nudge = undefined;
      this.poll().catch((error: unknown) => this.options.logger.error({ err: error }, 'co-location poll failed'));
    }, NUDGE_DELAY_MS);
    this.#nudge.unref();
  }

  /**
   * The leader's periodic job: expires evidence nobody refreshed, and makes sure every suspected
   * cluster has its alert (after a leadership change the new leader raises each once).
   */
  async sweep(now = this.#now()): Promise<{ clusters: number; suspected: number; raised: number }> {
    await this.poll();
    const changes = this.engine.sweep(now);
    let raised = await this.#alert(changes);
    const suspected = this.engine.clusters().filter((c) => c.score.farmSuspected);
    if (this.options.leading()) {
      for (const cluster of suspected) if (await this.#raise(cluster)) raised++;
    }
    return { clusters: this.engine.stats().clusters, suspected: suspected.length, raised };
  }

  device(agentId: string): DeviceInfo | undefined {
    return this.#devices.get(agentId);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  #schedule(): void {
    if (this.#stopped || this.options.pollMs <= 0) return;
    this.#timer = setTimeout(() => {
      this.poll().catch((error: unknown) => this.options.logger.error({ err: error }, 'co-location poll failed')).finally(() => this.#schedule());
    }, this.options.pollMs);
    this.#timer.unref();
  }

  #observe(facts: CorrelationFacts, offices: readonly Office[]): ChangeSet | undefined {
    const { observation, device } = observationOf(facts, { offices, labNetworks: this.options.labNetworks ?? [] });
    this.#seen.set(facts.reportId, { receivedAt: facts.receivedAt, egress: facts.egress !== null });
    const known = this.#devices.get(facts.agentId);
    if (known && known.lastReportAt > facts.receivedAt) return undefined;
    this.#devices.set(facts.agentId, device);
    if (facts.receivedAt > this.#newest) this.#newest = facts.receivedAt;
    try {
      return this.engine.observe(observation);
    } catch (error) {
      // A report the engine cannot use is skipped, never retried in a loop.
      this.options.logger.warn({ err: error, agentId: facts.agentId, reportId: facts.reportId }, 'report skipped by the co-location engine');
      return undefined;
    }
  }

  async #read(): Promise<ChangeSet> {
    const { store } = this.options;
    const from = new Date(Math.max(0, Date.parse(this.#newest) - this.overlapMs)).toISOString();
    let cursor: ReportCursor = { receivedAt: from, reportId: '' };
    let offices: Office[] | undefined;
    const created = new Set<string>();
    const changed = new Set<string>();
    const dissolved = new Map<string, ChangeSet['dissolved'][number]>();
    // The overlap window is re-read by key only (an index scan); full facts are fetched for the
    // reports not correlated yet, so a poll costs little more than the new reports themselves.
    for (;;) {
      const keys = await store.correlationKeysAfter(cursor, KEY_PAGE);
      const wanted = keys.filter((key) => {
        const seen = this.#seen.get(key.reportId);
        // Read again only when its egress arrived since (it is recorded just after the report).
        if (seen && (seen.egress || !key.hasEgress)) return false;
        // The egress is recorded just after its report: wait a moment for it (office, public IP).
        return key.hasEgress || this.#now() - Date.parse(key.receivedAt) >= EGRESS_GRACE_MS;
      });
      for (let i = 0; i < wanted.length; i += PAGE) {
        const page = await store.correlationFactsOf(wanted.slice(i, i + PAGE).map((key) => key.reportId));
        for (const facts of page) {
          offices ??= await store.listOffices();
          const result = this.#observe(facts, offices);
          if (!result) continue;
          for (const id of result.created) created.add(id);
          for (const id of result.changed) changed.add(id);
          for (const d of result.dissolved) dissolved.set(d.id, d);
        }
      }
      if (keys.length < KEY_PAGE) break;
      const last = keys[keys.length - 1]!;
      cursor = { receivedAt: last.receivedAt, reportId: last.reportId };
    }
    const horizon = new Date(Date.parse(this.#newest) - this.overlapMs).toISOString();
    for (const [id, s] of this.#seen) if (s.receivedAt < horizon) this.#seen.delete(id);
    const changes: ChangeSet = {
      created: [...created].filter((id) => this.engine.cluster(id)),
      changed: [...changed].filter((id) => !created.has(id) && this.engine.cluster(id)),
      dissolved: [...dissolved.values()].filter((d) => !this.engine.cluster(d.id)),
    };
    await this.#alert(changes);
    return changes;
  }

  /** Raises or updates the alerts of created and changed suspected clusters; notes dissolved ones. */
  async #alert(changes: ChangeSet): Promise<number> {
    if (!this.options.leading()) return 0;
    let raised = 0;
    for (const id of [...changes.created, ...changes.changed]) {
      const cluster = this.engine.cluster(id);
      if (cluster?.score.farmSuspected && await this.#raise(cluster)) raised++;
    }
    for (const d of changes.dissolved) await this.#noteDissolved(d);
    return raised;
  }

  async #raise(cluster: ClusterView): Promise<boolean> {
    const signature = signatureOf(cluster);
    if (this.#raised.get(cluster.id)?.signature === signature) return false;
    const { input, context } = farmAlert(cluster, (id) => this.#devices.get(id), new Date(this.#now()).toISOString());
    input.dedupKey = this.#raised.get(cluster.id)?.dedupKey ?? (await this.#adoptable(cluster))?.dedupKey ?? input.dedupKey;
    const outcome = await raiseAlert(this.options.store, input, context);
    if (outcome.outcome === 'suppressed') {
      this.#raised.delete(cluster.id);
      return false;
    }
    this.#raised.set(cluster.id, { alertId: outcome.alert.id, dedupKey: input.dedupKey, signature });
    this.options.logger.info({ clusterId: cluster.id, alertId: outcome.alert.id, outcome: outcome.outcome, score: cluster.score.score,
      devices: cluster.members.length }, 'farm suspected');
    return true;
  }

  /** The analyst decides about the alert; the dissolution is added as a note. */
  async #noteDissolved(d: ChangeSet['dissolved'][number]): Promise<void> {
    const alertId = this.#raised.get(d.id)?.alertId ?? (await this.#activeFarmAlert(farmDedupKey(d.id)))?.id;
    this.#raised.delete(d.id);
    if (alertId === undefined) return;
    const text = d.reason === 'merged'
      ? `Cluster ${d.id} merged into cluster ${d.into}, whose alert follows these devices from now on.`
      : `Cluster ${d.id} dissolved: its co-location evidence expired or was withdrawn (fewer than two linked devices remain). The alert stays for the analyst to resolve.`;
    await this.options.store.actOnAlert(alertId, { kind: 'note', text }, SYSTEM, new Date(this.#now()).toISOString());
  }

  async #activeFarmAlerts(): Promise<Alert[]> {
    const alerts: Alert[] = [];
    for (const status of ['open', 'acknowledged'] as const) {
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.options.store.listAlerts({ type: 'farm_suspected', status, limit: PAGE, offset });
        alerts.push(...page.items);
        if (offset + PAGE >= page.total) break;
      }
    }
    return alerts;
  }

  async #activeFarmAlert(dedupKey: string): Promise<Alert | undefined> {
    return (await this.#activeFarmAlerts()).find((a) => a.dedupKey === dedupKey);
  }

  /**
   * An unresolved farm alert about mostly the same devices, raised under another cluster id (by
   * this process before a restart, or by the previous leader, whose replay may have named the
   * cluster differently): the cluster continues it instead of opening a second alert.
   */
  async #adoptable(cluster: ClusterView): Promise<Alert | undefined> {
    const members = new Set(cluster.members);
    const claimed = new Set([...this.#raised.values()].map((r) => r.dedupKey));
    let best: { alert: Alert; overlap: number } | undefined;
    for (const alert of await this.#activeFarmAlerts()) {
      if (claimed.has(alert.dedupKey)) continue;
      const overlap = alert.agentIds.filter((id) => members.has(id)).length;
      if (overlap * 2 > members.size && overlap > (best?.overlap ?? 0)) best = { alert, overlap };
    }
    return best?.alert;
  }
}
