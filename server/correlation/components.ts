// Connected components over the current edges, maintained incrementally. Adding an edge merges
// two components by relabelling the smaller one (union by size: a device is relabelled at most
// log2(n) times over any sequence of merges). Removing edges cannot be done by union-find, so the
// components that lost an edge are recomputed by a BFS over their own members only.
//
// Cluster ids are persistent: a new component is named after its smallest device id at
// creation (`cluster:<deviceId>`, with `#2`, `#3`... if that name is in use); in a merge the
// larger component keeps its id (equal sizes: the smaller id); in a split the largest part keeps
// it and the other parts of two or more devices get new ids.
import type { ChangeCollector } from './change-set.js';
import type { EdgeStore } from './edges.js';
import type { ClusterScore } from './types.js';

export class Component {
  /** Cached score; cleared whenever membership, edge kinds or member evidence change. */
  cache: ClusterScore | undefined = undefined;
  constructor(readonly id: string, readonly members: Set<string>) {}
}

export class Components {
  readonly #of = new Map<string, Component>();
  readonly #byId = new Map<string, Component>();
  readonly #pending = new Set<Component>();
  nodesVisited = 0;
  recomputes = 0;

  constructor(private readonly edges: EdgeStore) {}

  get size(): number {
    return this.#byId.size;
  }

  of(deviceId: string): Component | undefined {
    return this.#of.get(deviceId);
  }

  byId(id: string): Component | undefined {
    return this.#byId.get(id);
  }

  all(): IterableIterator<Component> {
    return this.#byId.values();
  }

  /** Marks the device's component as changed (its evidence or employee changed). */
  touch(deviceId: string, changes: ChangeCollector): void {
    const component = this.#of.get(deviceId);
    if (!component) return;
    component.cache = undefined;
    changes.changed(component.id);
  }

  edgeAdded(a: string, b: string, changes: ChangeCollector): void {
    const ca = this.#of.get(a);
    const cb = this.#of.get(b);
    if (!ca && !cb) {
      this.#create(new Set([a, b]), changes);
    } else if (ca && !cb) {
      this.#join(ca, b, changes);
    } else if (!ca && cb) {
      this.#join(cb, a, changes);
    } else if (ca === cb) {
      ca!.cache = undefined;
      changes.changed(ca!.id);
    } else {
      this.#merge(ca!, cb!, changes);
    }
  }

  /** An edge inside `deviceId`'s component changed kinds but stays. */
  edgeChanged(deviceId: string, changes: ChangeCollector): void {
    this.touch(deviceId, changes);
  }

  /** An edge was removed: its component is recomputed at the next `settle`. */
  edgeRemoved(a: string): void {
    const component = this.#of.get(a);
    if (component) this.#pending.add(component);
  }

  /** Recomputes the components that lost edges since the last call. */
  settle(changes: ChangeCollector): void {
    for (const component of this.#pending) {
      if (this.#byId.get(component.id) === component) this.#recompute(component, changes);
    }
    this.#pending.clear();
  }

  /** Restores a component with a given id (snapshot); the id must be free. */
  restore(id: string, members: Set<string>): void {
    const component = new Component(this.#byId.has(id) ? this.#freeId(members) : id, members);
    this.#register(component);
  }

  /** The name a new component over `members` would get. */
  #freeId(members: Iterable<string>): string {
    let smallest: string | undefined;
    for (const m of members) if (smallest === undefined || m < smallest) smallest = m;
    const base = `cluster:${smallest}`;
    if (!this.#byId.has(base)) return base;
    for (let n = 2; ; n++) if (!this.#byId.has(`${base}#${n}`)) return `${base}#${n}`;
  }

  #register(component: Component): void {
    this.#byId.set(component.id, component);
    for (const m of component.members) this.#of.set(m, component);
  }

  #create(members: Set<string>, changes: ChangeCollector): Component {
    const component = new Component(this.#freeId(members), members);
    this.#register(component);
    changes.created(component.id);
    return component;
  }

  #join(component: Component, deviceId: string, changes: ChangeCollector): void {
    component.members.add(deviceId);
    this.#of.set(deviceId, component);
    component.cache = undefined;
    changes.changed(component.id);
  }

  #merge(x: Component, y: Component, changes: ChangeCollector): void {
    const keepX = x.members.size > y.members.size || (x.members.size === y.members.size && x.id < y.id);
    const [kept, absorbed] = keepX ? [x, y] : [y, x];
    for (const m of absorbed.members) {
      kept.members.add(m);
      this.#of.set(m, kept);
    }
    this.#byId.delete(absorbed.id);
    if (this.#pending.delete(absorbed)) this.#pending.add(kept);
    kept.cache = undefined;
    changes.dissolved(absorbed.id, 'merged', kept.id);
    changes.changed(kept.id);
  }

  /** BFS over the component's own members and edges; splits it if it fell apart. */
  #recompute(component: Component, changes: ChangeCollector): void {
    this.recomputes++;
    const seen = new Set<string>();
    const parts: string[][] = [];
    for (const start of component.members) {
      if (seen.has(start)) continue;
      const part = [start];
      seen.add(start);
      for (let i = 0; i < part.length; i++) {
        for (const other of this.edges.neighbours(part[i]!).keys()) {
          if (!seen.has(other)) {
            seen.add(other);
            part.push(other);
          }
        }
      }
      parts.push(part);
    }
    this.nodesVisited += seen.size;
    component.cache = undefined;
    if (parts.length === 1 && parts[0]!.length >= 2) {
      changes.changed(component.id);
      return;
    }
    parts.sort((p, q) => q.length - p.length);
    for (const m of component.members) this.#of.delete(m);
    component.members.clear();
    const [largest, ...others] = parts;
    if (!largest || largest.length < 2) {
      this.#byId.delete(component.id);
      changes.dissolved(component.id, 'emptied');
      return;
    }
    for (const m of largest) {
      component.members.add(m);
      this.#of.set(m, component);
    }
    changes.changed(component.id);
    for (const part of others) if (part.length >= 2) this.#create(new Set(part), changes);
  }
}
