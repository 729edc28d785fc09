// Co-location edges between pairs of devices, with per-kind evidence and the time it was last
// seen. An edge lives while any of its evidence is younger than that kind's window.
import type { EvidenceKind } from './types.js';

export interface Evidence {
  firstSeen: number;
  lastSeen: number;
  /** The shared identifier's index key (ip, gateway, bssid), so a crowded identifier can be withdrawn. */
  key?: string;
  jaccard?: number;
  hosting?: boolean;
  /** Beacon: the devices that heard the other one. */
  heardBy?: Set<string>;
}

export interface Edge {
  a: string;
  b: string;
  evidence: Map<EvidenceKind, Evidence>;
}

export interface EvidenceDetail {
  key?: string;
  jaccard?: number;
  hosting?: boolean;
  heardBy?: string;
}

/** `edge`: a new edge; `kind`: a new kind (or a detail that changes the score) on an edge; `refresh`: times only. */
export type RecordOutcome = 'edge' | 'kind' | 'refresh';

export class EdgeStore {
  readonly #adjacency = new Map<string, Map<string, Edge>>();
  #count = 0;

  get size(): number {
    return this.#count;
  }

  get(a: string, b: string): Edge | undefined {
    return this.#adjacency.get(a)?.get(b);
  }

  /** The device's edges keyed by the other device. */
  neighbours(deviceId: string): ReadonlyMap<string, Edge> {
    return this.#adjacency.get(deviceId) ?? EMPTY;
  }

  degree(deviceId: string): number {
    return this.#adjacency.get(deviceId)?.size ?? 0;
  }

  *all(): IterableIterator<Edge> {
    for (const [id, edges] of this.#adjacency) {
      for (const [other, edge] of edges) if (id < other) yield edge;
    }
  }

  record(x: string, y: string, kind: EvidenceKind, seenAt: number, detail: EvidenceDetail): RecordOutcome {
    let edge = this.get(x, y);
    let outcome: RecordOutcome = 'refresh';
    if (!edge) {
      const [a, b] = x < y ? [x, y] : [y, x];
      edge = { a, b, evidence: new Map() };
      this.#link(a, b, edge);
      this.#link(b, a, edge);
      this.#count++;
      outcome = 'edge';
    }
    const found = edge.evidence.get(kind);
    if (!found) {
      edge.evidence.set(kind, {
        firstSeen: seenAt, lastSeen: seenAt, key: detail.key, jaccard: detail.jaccard, hosting: detail.hosting,
        heardBy: detail.heardBy === undefined ? undefined : new Set([detail.heardBy]),
      });
      return outcome === 'edge' ? 'edge' : 'kind';
    }
    found.firstSeen = Math.min(found.firstSeen, seenAt);
    if (seenAt >= found.lastSeen) {
      found.lastSeen = seenAt;
      if (detail.key !== undefined) found.key = detail.key;
      if (detail.jaccard !== undefined) found.jaccard = detail.jaccard;
      if (detail.hosting !== undefined && detail.hosting !== found.hosting) {
        found.hosting = detail.hosting;
        outcome = 'kind';
      }
    }
    if (detail.heardBy !== undefined && !(found.heardBy ??= new Set()).has(detail.heardBy)) found.heardBy.add(detail.heardBy);
    return outcome;
  }

  /** Restores an edge exactly as a snapshot holds it. */
  put(edge: Edge): void {
    if (this.get(edge.a, edge.b)) throw new Error(`duplicate edge ${edge.a} - ${edge.b}`);
    this.#link(edge.a, edge.b, edge);
    this.#link(edge.b, edge.a, edge);
    this.#count++;
  }

  remove(edge: Edge): void {
    if (this.#unlink(edge.a, edge.b) && this.#unlink(edge.b, edge.a)) this.#count--;
  }

  #link(from: string, to: string, edge: Edge): void {
    let edges = this.#adjacency.get(from);
    if (!edges) this.#adjacency.set(from, (edges = new Map()));
    edges.set(to, edge);
  }

  #unlink(from: string, to: string): boolean {
    const edges = this.#adjacency.get(from);
    if (!edges?.delete(to)) return false;
    if (edges.size === 0) this.#adjacency.delete(from);
    return true;
  }
}

const EMPTY: ReadonlyMap<string, Edge> = new Map();

/** Drops evidence older than its window; true when the edge has none left. */
export function pruneEdge(edge: Edge, now: number, windowsMs: Record<EvidenceKind, number>): { emptied: boolean; pruned: boolean } {
  let pruned = false;
  for (const [kind, evidence] of edge.evidence) {
    if (now - evidence.lastSeen > windowsMs[kind]) {
      edge.evidence.delete(kind);
      pruned = true;
    }
  }
  return { emptied: edge.evidence.size === 0, pruned };
}
