// The collector's co-location engine: in memory and incremental. Each observation updates its
// device's identifiers in the index, looks only at the devices sharing one with it, records
// evidence on edges between devices of different employees, and keeps connected components
// (clusters) current, recomputing only a component that lost an edge. See README.md beside it.
import { ChangeCollector } from './change-set.js';
import { scoreCluster, edgeStrength, type ScoredEdge } from './cluster-score.js';
import { Components, type Component } from './components.js';
import { EdgeStore, pruneEdge, type Edge, type EvidenceDetail } from './edges.js';
import { IdentifierIndex, employeeKey } from './identifier-index.js';
import { normaliseObservation } from './observation.js';
import { resolveOptions, type CorrelationOptions, type CorrelationOptionsInput, type IdentifierKind } from './options.js';
import { parseSnapshot, SNAPSHOT_VERSION, type EngineSnapshot } from './snapshot.js';
import {
  EVIDENCE_KINDS, type ChangeSet, type ClusterView, type DeviceEvidence, type EdgeView, type EngineStats,
  type EvidenceKind, type EvidenceView, type Observation,
} from './types.js';

interface DeviceRecord {
  id: string;
  employeeId: string | null;
  /** Undefined while the device is only known from another device's beacon sighting. */
  observedAt: number | undefined;
  office: boolean;
  /** Whether the identifiers below are in the index. */
  indexed: boolean;
  ipKeys: string[];
  hostingIpKey: string | undefined;
  gatewayKey: string | undefined;
  bssidKey: string | undefined;
  neighbourKeys: string[];
  evidence: DeviceEvidence;
}

const NO_EVIDENCE: DeviceEvidence = { remoteControl: false, ipKvm: false, hostingAsn: false };

type IdentifierFacts = Pick<DeviceRecord, 'ipKeys' | 'gatewayKey' | 'bssidKey' | 'neighbourKeys'>;

const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['ip', 'gateway', 'bssid', 'neighbour'];
const NO_KEYS: readonly string[] = [];

function keysOf(d: IdentifierFacts, kind: IdentifierKind): readonly string[] {
  switch (kind) {
    case 'ip': return d.ipKeys;
    case 'gateway': return d.gatewayKey === undefined ? NO_KEYS : [d.gatewayKey];
    case 'bssid': return d.bssidKey === undefined ? NO_KEYS : [d.bssidKey];
    case 'neighbour': return d.neighbourKeys;
  }
}

const sameList = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);

/** Membership test that stays cheap for the long neighbour lists. */
function lookup(keys: readonly string[]): (key: string) => boolean {
  if (keys.length <= 4) return (key) => keys.includes(key);
  const set = new Set(keys);
  return (key) => set.has(key);
}

/** Devices of one known employee are never linked; an unknown employee counts as someone else. */
const differentEmployees = (x: DeviceRecord, y: DeviceRecord) =>
  x.employeeId === null || y.employeeId === null || x.employeeId !== y.employeeId;

const sameEvidence = (x: DeviceEvidence, y: DeviceEvidence) =>
  x.remoteControl === y.remoteControl && x.ipKvm === y.ipKvm && x.hostingAsn === y.hostingAsn;

const EVIDENCE_OF_IDENTIFIER = { ip: 'ip', gateway: 'gateway', bssid: 'bssid' } as const;

export class CorrelationEngine {
  readonly options: CorrelationOptions;
  readonly #devices = new Map<string, DeviceRecord>();
  readonly #index: IdentifierIndex;
  readonly #edges = new EdgeStore();
  readonly #components = new Components(this.#edges);
  #observations = 0;
  #stale = 0;
  /** Scratch map of the neighbour-overlap count, reused across observations. */
  readonly #sharedCounts = new Map<string, number>();

  constructor(options: CorrelationOptionsInput = {}) {
    this.options = resolveOptions(options);
    this.#index = new IdentifierIndex(this.options.crowding, (id) => {
      const device = this.#devices.get(id)!;
      return employeeKey(device.employeeId, id);
    });
  }

  /**
   * Takes one report's co-location facts. An observation older than the device's latest is
   * ignored (counted in `stats().staleObservationsIgnored`); invalid input throws
   * `ObservationError` and changes nothing.
   */
  observe(input: Observation): ChangeSet {
    const obs = normaliseObservation(input);
    const known = this.#devices.get(obs.deviceId);
    if (known?.observedAt !== undefined && obs.observedAt < known.observedAt) {
      this.#stale++;
      return new ChangeCollector().result();
    }
    this.#observations++;
    const changes = new ChangeCollector();
    const device = known ?? this.#stub(obs.deviceId, obs.employeeId);
    const now = obs.observedAt;

    const next: IdentifierFacts = { ipKeys: obs.ipKeys, gatewayKey: obs.gatewayKey, bssidKey: obs.bssidKey, neighbourKeys: obs.neighbourKeys };
    const employeeChanged = device.employeeId !== obs.employeeId;
    const oldEmployee = employeeKey(device.employeeId, device.id);
    const toAdd: [IdentifierKind, string][] = [];
    for (const kind of IDENTIFIER_KINDS) {
      const oldKeys = device.indexed ? keysOf(device, kind) : NO_KEYS;
      const newKeys = obs.office ? NO_KEYS : keysOf(next, kind);
      const kept = employeeChanged ? () => false : lookup(newKeys);
      for (const key of oldKeys) if (!kept(key)) this.#index.remove(kind, key, device.id, oldEmployee);
      const had = employeeChanged ? () => false : lookup(oldKeys);
      for (const key of newKeys) if (!had(key)) toAdd.push([kind, key]);
    }

    if (employeeChanged) {
      device.employeeId = obs.employeeId;
      for (const [otherId, edge] of [...this.#edges.neighbours(device.id)]) {
        if (!differentEmployees(device, this.#devices.get(otherId)!)) this.#removeEdge(edge);
      }
      this.#components.touch(device.id, changes);
    }
    if (!sameEvidence(device.evidence, obs.evidence)) {
      device.evidence = obs.evidence;
      this.#components.touch(device.id, changes);
    }
    // Unchanged lists keep the stored array: a report that repeats its network allocates nothing to keep.
    if (!sameList(device.ipKeys, next.ipKeys)) device.ipKeys = next.ipKeys;
    if (!sameList(device.neighbourKeys, next.neighbourKeys)) device.neighbourKeys = next.neighbourKeys;
    device.gatewayKey = next.gatewayKey;
    device.bssidKey = next.bssidKey;
    device.hostingIpKey = obs.hostingIpKey;
    device.observedAt = now;
    device.office = obs.office;
    device.indexed = !obs.office;

    this.#pruneEdgesOf(device.id, now, changes);
    const employee = employeeKey(device.employeeId, device.id);
    for (const [kind, key] of toAdd) {
      if (this.#index.add(kind, key, device.id, employee) === 'crowded') this.#withdraw(kind, key, changes);
    }
    this.#components.settle(changes);

    if (!obs.office) {
      this.#linkSharedIdentifiers(device, now, changes);
      this.#linkNeighbourSets(device, now, changes);
      this.#linkBeacons(device, obs.lanPeers, now, changes);
    }
    return changes.result();
  }

  /** Expires evidence older than its window everywhere and takes devices too old to match out of the index. */
  sweep(now: number): ChangeSet {
    if (!Number.isFinite(now)) throw new RangeError(`sweep(now): now must be epoch milliseconds, got ${now}`);
    const changes = new ChangeCollector();
    for (const edge of [...this.#edges.all()]) this.#prune(edge, now, changes);
    const horizon = now - Math.max(...Object.values(this.options.windowsMs));
    for (const device of this.#devices.values()) {
      if (device.indexed && device.observedAt !== undefined && device.observedAt < horizon) this.#unindex(device);
    }
    this.#components.settle(changes);
    return changes.result();
  }

  /** Removes a device (decommissioned, deleted) with its edges. */
  forget(deviceId: string): ChangeSet {
    const changes = new ChangeCollector();
    const device = this.#devices.get(deviceId);
    if (!device) return changes.result();
    if (device.indexed) this.#unindex(device);
    for (const edge of [...this.#edges.neighbours(deviceId).values()]) this.#removeEdge(edge);
    this.#components.settle(changes);
    this.#devices.delete(deviceId);
    return changes.result();
  }

  cluster(id: string): ClusterView | undefined {
    const component = this.#components.byId(id);
    return component && this.#view(component);
  }

  /** Every cluster, highest score first. */
  clusters(): ClusterView[] {
    return [...this.#components.all()].map((c) => this.#view(c)).sort((x, y) => y.score.score - x.score.score || (x.id < y.id ? -1 : 1));
  }

  clusterOf(deviceId: string): ClusterView | undefined {
    const component = this.#components.of(deviceId);
    return component && this.#view(component);
  }

  edgesOf(deviceId: string): EdgeView[] {
    return [...this.#edges.neighbours(deviceId).values()].map((e) => this.#edgeView(e)).sort((x, y) => (`${x.a}${x.b}` < `${y.a}${y.b}` ? -1 : 1));
  }

  stats(): EngineStats {
    return {
      devices: this.#devices.size,
      edges: this.#edges.size,
      clusters: this.#components.size,
      observations: this.#observations,
      staleObservationsIgnored: this.#stale,
      componentNodesVisited: this.#components.nodesVisited,
      componentRecomputes: this.#components.recomputes,
      crowdedIdentifiers: this.#index.crowdedCount,
    };
  }

  snapshot(): EngineSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      devices: [...this.#devices.values()].map((d) => ({
        id: d.id, employeeId: d.employeeId, observedAt: d.observedAt ?? null, office: d.office, indexed: d.indexed,
        ipKeys: [...d.ipKeys], hostingIpKey: d.hostingIpKey ?? null, gatewayKey: d.gatewayKey ?? null, bssidKey: d.bssidKey ?? null,
        neighbourKeys: [...d.neighbourKeys], evidence: { ...d.evidence },
      })),
      edges: [...this.#edges.all()].map((e) => ({
        a: e.a,
        b: e.b,
        evidence: [...e.evidence].map(([kind, ev]) => ({
          kind, firstSeen: ev.firstSeen, lastSeen: ev.lastSeen,
          ...(ev.key === undefined ? {} : { key: ev.key }),
          ...(ev.jaccard === undefined ? {} : { jaccard: ev.jaccard }),
          ...(ev.hosting === undefined ? {} : { hosting: ev.hosting }),
          ...(ev.heardBy === undefined ? {} : { heardBy: [...ev.heardBy].sort() }),
        })),
      })),
      clusters: [...this.#components.all()].map((c) => ({ id: c.id, members: [...c.members].sort() })),
    };
  }

  /** Rebuilds an engine from `snapshot()` output (checked first: a bad snapshot throws `SnapshotError`). */
  static restore(snapshot: unknown, options: CorrelationOptionsInput = {}): CorrelationEngine {
    const data = parseSnapshot(snapshot);
    const engine = new CorrelationEngine(options);
    engine.#load(data);
    return engine;
  }

  #load(data: EngineSnapshot): void {
    for (const d of data.devices) {
      const device: DeviceRecord = {
        id: d.id, employeeId: d.employeeId, observedAt: d.observedAt ?? undefined, office: d.office, indexed: d.indexed,
        ipKeys: d.ipKeys, hostingIpKey: d.hostingIpKey ?? undefined, gatewayKey: d.gatewayKey ?? undefined,
        bssidKey: d.bssidKey ?? undefined, neighbourKeys: d.neighbourKeys, evidence: d.evidence,
      };
      this.#devices.set(device.id, device);
      if (!device.indexed) continue;
      const employee = employeeKey(device.employeeId, device.id);
      for (const kind of IDENTIFIER_KINDS) for (const key of keysOf(device, kind)) this.#index.add(kind, key, device.id, employee);
    }
    for (const e of data.edges) {
      this.#edges.put({
        a: e.a,
        b: e.b,
        evidence: new Map(e.evidence.map((ev) => [ev.kind, {
          firstSeen: ev.firstSeen, lastSeen: ev.lastSeen, key: ev.key, jaccard: ev.jaccard, hosting: ev.hosting,
          heardBy: ev.heardBy === undefined ? undefined : new Set(ev.heardBy),
        }])),
      });
    }
    const claimed = new Map<string, string>();
    for (const c of data.clusters) for (const m of c.members) claimed.set(m, c.id);
    const placed = new Set<string>();
    for (const start of this.#devices.keys()) {
      if (placed.has(start) || this.#edges.degree(start) === 0) continue;
      const members = [start];
      placed.add(start);
      for (let i = 0; i < members.length; i++) {
        for (const other of this.#edges.neighbours(members[i]!).keys()) {
          if (!placed.has(other)) {
            placed.add(other);
            members.push(other);
          }
        }
      }
      const votes = new Map<string, number>();
      for (const m of members) {
        const id = claimed.get(m);
        if (id !== undefined) votes.set(id, (votes.get(id) ?? 0) + 1);
      }
      const id = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
      this.#components.restore(id ?? `cluster:${[...members].sort()[0]}`, new Set(members));
    }
  }

  #unindex(device: DeviceRecord): void {
    const employee = employeeKey(device.employeeId, device.id);
    for (const kind of IDENTIFIER_KINDS) for (const key of keysOf(device, kind)) this.#index.remove(kind, key, device.id, employee);
    device.indexed = false;
  }

  #stub(deviceId: string, employeeId: string | null): DeviceRecord {
    const device: DeviceRecord = {
      id: deviceId, employeeId, observedAt: undefined, office: false, indexed: false, ipKeys: [], hostingIpKey: undefined,
      gatewayKey: undefined, bssidKey: undefined, neighbourKeys: [], evidence: NO_EVIDENCE,
    };
    this.#devices.set(deviceId, device);
    return device;
  }

  #link(x: string, y: string, kind: EvidenceKind, seenAt: number, detail: EvidenceDetail, changes: ChangeCollector): void {
    const outcome = this.#edges.record(x, y, kind, seenAt, detail);
    if (outcome === 'edge') this.#components.edgeAdded(x, y, changes);
    else if (outcome === 'kind') this.#components.edgeChanged(x, changes);
  }

  #removeEdge(edge: Edge): void {
    this.#edges.remove(edge);
    this.#components.edgeRemoved(edge.a);
  }

  #prune(edge: Edge, now: number, changes: ChangeCollector): void {
    const { emptied, pruned } = pruneEdge(edge, now, this.options.windowsMs);
    if (emptied) this.#removeEdge(edge);
    else if (pruned) this.#components.edgeChanged(edge.a, changes);
  }

  /** Lazy expiry: the edges of the device being observed. */
  #pruneEdgesOf(deviceId: string, now: number, changes: ChangeCollector): void {
    const edges = this.#edges.neighbours(deviceId);
    if (edges.size === 0) return;
    for (const edge of [...edges.values()]) this.#prune(edge, now, changes);
  }

  /** An identifier just became crowded: the evidence it gave stops counting. */
  #withdraw(identifier: IdentifierKind, key: string, changes: ChangeCollector): void {
    if (identifier === 'neighbour') return; // Jaccard evidence is not tied to one hash; it expires.
    const kind = EVIDENCE_OF_IDENTIFIER[identifier];
    for (const member of this.#index.devices(identifier, key)) {
      for (const edge of [...this.#edges.neighbours(member).values()]) {
        if (edge.evidence.get(kind)?.key !== key) continue;
        edge.evidence.delete(kind);
        if (edge.evidence.size === 0) this.#removeEdge(edge);
        else this.#components.edgeChanged(member, changes);
      }
    }
  }

  /** Same public IP or IPv6 /64, same gateway MAC, same BSSID. */
  #linkSharedIdentifiers(device: DeviceRecord, now: number, changes: ChangeCollector): void {
    for (const identifier of ['ip', 'gateway', 'bssid'] as const) {
      const kind = EVIDENCE_OF_IDENTIFIER[identifier];
      for (const key of keysOf(device, identifier)) {
        if (this.#index.isCrowded(identifier, key)) continue;
        let examined = 0;
        for (const otherId of this.#index.devices(identifier, key)) {
          if (otherId === device.id) continue;
          if (++examined > this.options.maxCandidatesPerIdentifier) break;
          const other = this.#devices.get(otherId)!;
          if (other.observedAt === undefined || Math.abs(now - other.observedAt) > this.options.windowsMs[kind]) continue;
          if (!differentEmployees(device, other)) continue;
          const detail: EvidenceDetail = kind === 'ip' ? { key, hosting: key === device.hostingIpKey || key === other.hostingIpKey } : { key };
          this.#link(device.id, otherId, kind, Math.min(now, other.observedAt), detail, changes);
        }
      }
    }
  }

  /** Neighbour-set overlap, counted through the index: only devices sharing a hash are looked at. */
  #linkNeighbourSets(device: DeviceRecord, now: number, changes: ChangeCollector): void {
    const { minNeighbourSetSize: minSize, jaccardThreshold, maxCandidatesPerIdentifier: cap } = this.options;
    const own = device.neighbourKeys;
    if (own.length < minSize) return;
    const shared = this.#sharedCounts;
    shared.clear();
    for (const key of own) {
      if (this.#index.isCrowded('neighbour', key)) continue;
      let examined = 0;
      for (const otherId of this.#index.devices('neighbour', key)) {
        if (otherId === device.id) continue;
        if (++examined > cap) break;
        shared.set(otherId, (shared.get(otherId) ?? 0) + 1);
      }
    }
    for (const [otherId, count] of shared) {
      const other = this.#devices.get(otherId)!;
      const theirs = other.neighbourKeys.length;
      if (theirs < minSize || other.observedAt === undefined) continue;
      const jaccard = count / (own.length + theirs - count);
      if (jaccard < jaccardThreshold || Math.abs(now - other.observedAt) > this.options.windowsMs.neighbours) continue;
      if (!differentEmployees(device, other)) continue;
      this.#link(device.id, otherId, 'neighbours', Math.min(now, other.observedAt), { jaccard: Math.round(jaccard * 1000) / 1000 }, changes);
    }
    shared.clear();
  }

  /** Signed LAN beacons this device heard: one direction is enough. */
  #linkBeacons(device: DeviceRecord, peers: readonly string[], now: number, changes: ChangeCollector): void {
    for (const peerId of peers) {
      const peer = this.#devices.get(peerId) ?? this.#stub(peerId, null);
      // Heard on an office LAN the peer declared: colleagues at work.
      if (peer.office && peer.observedAt !== undefined && now - peer.observedAt <= this.options.windowsMs.beacon) continue;
      if (!differentEmployees(device, peer)) continue;
      this.#link(device.id, peerId, 'beacon', now, { heardBy: device.id }, changes);
    }
  }

  #scored(edge: Edge): ScoredEdge {
    return {
      kinds: [...edge.evidence.keys()],
      hostingIp: edge.evidence.get('ip')?.hosting === true,
      employeesKnown: this.#devices.get(edge.a)?.employeeId != null && this.#devices.get(edge.b)?.employeeId != null,
    };
  }

  #edgeView(edge: Edge): EdgeView {
    const evidence: EvidenceView[] = EVIDENCE_KINDS.flatMap((kind) => {
      const ev = edge.evidence.get(kind);
      if (!ev) return [];
      const view: EvidenceView = { kind, firstSeen: ev.firstSeen, lastSeen: ev.lastSeen, expiresAt: ev.lastSeen + this.options.windowsMs[kind] };
      if (ev.jaccard !== undefined) view.jaccard = ev.jaccard;
      if (ev.hosting !== undefined) view.hosting = ev.hosting;
      if (ev.heardBy !== undefined) view.heardBy = [...ev.heardBy].sort();
      return [view];
    });
    const scored = this.#scored(edge);
    return { a: edge.a, b: edge.b, evidence, strength: Math.round(edgeStrength(scored) * 1000) / 1000, employeesKnown: scored.employeesKnown };
  }

  #view(component: Component): ClusterView {
    const members = [...component.members].sort();
    const records = members.map((m) => this.#devices.get(m)!);
    const edges: Edge[] = [];
    for (const m of members) for (const [other, edge] of this.#edges.neighbours(m)) if (m < other) edges.push(edge);
    component.cache ??= scoreCluster({
      members: records.map((d) => ({ employeeId: d.employeeId, remoteControl: d.evidence.remoteControl, ipKvm: d.evidence.ipKvm })),
      edges: edges.map((e) => this.#scored(e)),
      farmThreshold: this.options.farmThreshold,
    });
    const kinds = new Set(edges.flatMap((e) => [...e.evidence.keys()]));
    return {
      id: component.id,
      members,
      employees: [...new Set(records.flatMap((d) => (d.employeeId === null ? [] : [d.employeeId])))].sort(),
      unknownEmployeeDevices: records.filter((d) => d.employeeId === null).length,
      edges: edges.map((e) => this.#edgeView(e)),
      evidenceKinds: EVIDENCE_KINDS.filter((k) => kinds.has(k)),
      remoteControlDevices: records.filter((d) => d.evidence.remoteControl).length,
      ipKvmDevices: records.filter((d) => d.evidence.ipKvm).length,
      score: component.cache,
    };
  }
}
