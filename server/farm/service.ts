// The collector's co-location correlation: one CorrelationEngine per collector process, fed with
// every stored report, so every collector of one database converges on the same fleet view. Start
// replays each device's latest report; reports this process stores are observed as soon as they
// are committed (observeStored); every poll reads the reports stored since its cursor by other
// collectors. Only the job leader raises `farm_suspected` alerts, one per cluster (dedup key
// `farm:<cluster id>`). See README "Scaling beyond one machine".
import type { Logger } from 'pino';
import { raiseAlert } from '../alerts/raise.js';
import { CorrelationEngine, type ChangeSet, type ClusterView, type CorrelationOptionsInput } from '../correlation/index.js';
import type { Cidr } from '../net/ip.js';
import type { Office } from '../offices/office.js';
import type { CorrelationFacts, CorrelationKey } from '../store/correlation-store.js';
import type { Actor } from '../store/operations.js';
import type { Alert, Store } from '../store/store.js';
import { ChangeAccumulator } from './change-accumulator.js';
import { farmAlert, farmDedupKey } from './farm-alert.js';
import { observationOf, type DeviceInfo } from './observation-of.js';

export interface CorrelationServiceOptions {
  store: Store;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  labNetworks?: readonly Cidr[];
  /** How often to read reports stored by other collectors (and refresh the office list); 0: only when asked (poll()). */
  pollMs: number;
  /** Whether this process raises alerts (the job leader). */
  leading: () => boolean;
  engine?: CorrelationOptionsInput;
  /**
   * How long a position the poll found missing may still fill: PostgreSQL hands out positions at
   * insert, so a transaction that commits late shows a report below ones already read. Then the
   * position is given up (a rolled-back insert, a duplicate's spent number).
   */
  gapWaitMs?: number;
  now?: () => number;
}

const PAGE = 500;
const KEY_PAGE = 5_000;
/** Positions tracked per jump in the sequence; a larger jump (a sequence moved by hand) tracks only the last ones. */
const MAX_GAP_RUN = 10_000;
const SYSTEM: Actor = { kind: 'system', job: 'correlation' };

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
  readonly #raised = new Map<string, Raised>();
  /** Every stored report at or below this position has been read, or is a gap below. */
  #cursor = 0;
  /** Positions below the cursor not seen yet, and when they were first missed. */
  readonly #gaps = new Map<number, number>();
  /** Positions of reports this process stored and observed, which the poll need not fetch. */
  readonly #observedHere = new Set<number>();
  #offices: Office[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<ChangeSet> | undefined;
  #again = false;
  #stopped = true;

  constructor(private readonly options: CorrelationServiceOptions) {
    this.engine = new CorrelationEngine(options.engine);
  }

  get gapWaitMs(): number {
    return this.options.gapWaitMs ?? 60_000;
  }

  /** Replays every device's latest report, then polls. */
  async start(): Promise<void> {
    const started = Date.now();
    const { store } = this.options;
    const newest = await store.newestReportSeq();
    const facts = await store.latestCorrelationFacts();
    this.#offices = await store.listOffices();
    for (const f of facts) this.#observe(f);
    // Reports below the newest may still be committing (PostgreSQL): their positions wait as gaps.
    const from = Math.max(0, newest - MAX_GAP_RUN);
    this.#advance(from, (await store.correlationKeysAfter(from, MAX_GAP_RUN)).filter((k) => k.seq <= newest), this.#now());
    this.#cursor = newest;
    this.options.logger.info({ devices: facts.length, clusters: this.engine.stats().clusters, ms: Date.now() - started }, 'co-location engine rebuilt from the store');
    this.#stopped = false;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /**
   * Reports this process has just stored: observed at once (no read back from the store), and
   * their alerts raised. The poll skips them when it passes their positions. `offices`: the
   * declared offices the batch was stored with (fresher than this service's last poll).
   */
  async observeStored(facts: readonly CorrelationFacts[], offices: Office[]): Promise<void> {
    if (this.#stopped) return;
    this.#offices = offices;
    const changes = new ChangeAccumulator();
    for (const f of facts) {
      if (f.seq > this.#cursor) this.#observedHere.add(f.seq);
      changes.add(this.#observe(f));
    }
    await this.#alert(changes.result((id) => this.engine.cluster(id) !== undefined));
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

  #observe(facts: CorrelationFacts): ChangeSet | undefined {
    const { observation, device } = observationOf(facts, { offices: this.#offices, labNetworks: this.options.labNetworks ?? [] });
    const known = this.#devices.get(facts.agentId);
    if (known && known.lastReportAt > facts.receivedAt) return undefined;
    this.#devices.set(facts.agentId, device);
    try {
      return this.engine.observe(observation);
    } catch (error) {
      // A report the engine cannot use is skipped, never retried in a loop.
      this.options.logger.warn({ err: error, agentId: facts.agentId, reportId: facts.reportId }, 'report skipped by the co-location engine');
      return undefined;
    }
  }

  /**
   * Moves past `keys` (read after position `from`, in order): positions skipped between them become
   * gaps to ask for again, and gaps waited on too long are given up.
   */
  #advance(from: number, keys: readonly CorrelationKey[], now: number): void {
    let expected = from + 1;
    for (const key of keys) {
      for (let seq = Math.max(expected, key.seq - MAX_GAP_RUN); seq < key.seq; seq++) this.#gaps.set(seq, now);
      expected = Math.max(expected, key.seq + 1);
    }
    for (const [seq, since] of this.#gaps) if (now - since > this.gapWaitMs) this.#gaps.delete(seq);
  }

  async #read(): Promise<ChangeSet> {
    const { store } = this.options;
    const now = this.#now();
    this.#offices = await store.listOffices();
    // Gaps that filled since the last read, then everything after the cursor.
    const found = this.#gaps.size ? await store.correlationKeysAt([...this.#gaps.keys()]) : [];
    for (const key of found) this.#gaps.delete(key.seq);
    for (;;) {
      const keys = await store.correlationKeysAfter(this.#cursor, KEY_PAGE);
      if (keys.length) {
        this.#advance(this.#cursor, keys, now);
        this.#cursor = keys[keys.length - 1]!.seq;
        found.push(...keys);
      }
      if (keys.length < KEY_PAGE) break;
    }
    // Only reports not observed here already are fetched in full.
    const wanted = found.filter((key) => !this.#observedHere.delete(key.seq)).map((key) => key.reportId);
    for (const seq of this.#observedHere) if (seq <= this.#cursor && !this.#gaps.has(seq)) this.#observedHere.delete(seq);
    const changes = new ChangeAccumulator();
    for (let i = 0; i < wanted.length; i += PAGE) {
      for (const facts of await store.correlationFactsOf(wanted.slice(i, i + PAGE))) changes.add(this.#observe(facts));
    }
    const result = changes.result((id) => this.engine.cluster(id) !== undefined);
    await this.#alert(result);
    return result;
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
