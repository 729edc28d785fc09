// Index from each identifier (egress, gateway hash, BSSID hash, neighbour hash) to the devices
// whose latest observation carries it, so an observation only looks at devices it shares
// something with. Shared entries also count distinct employees, to tell a crowded identifier
// (carrier-grade NAT, an undeclared office) from a household. Most identifiers belong to one
// device only (a home router), so such an entry is just that device's id: a fleet of 100,000
// laptops holds about a million of them.
import type { CrowdingLimit, IdentifierKind } from './options.js';

interface Shared {
  devices: Set<string>;
  /** Employee key -> devices of that employee on the identifier. */
  employees: Map<string, number>;
  crowded: boolean;
}

type Entry = string | Shared;

export type CrowdingChange = 'crowded' | 'cleared' | undefined;

/** Unknown employees count as distinct people: one key per device. */
export const employeeKey = (employeeId: string | null, deviceId: string) => employeeId ?? `\0${deviceId}`;

const NONE: ReadonlySet<string> = new Set();

export class IdentifierIndex {
  readonly #maps: Record<IdentifierKind, Map<string, Entry>> = { ip: new Map(), gateway: new Map(), bssid: new Map(), neighbour: new Map() };
  #crowdedCount = 0;

  /** `employeeOf` gives the employee key a device is indexed under (its current one). */
  constructor(
    private readonly limits: Record<IdentifierKind, CrowdingLimit>,
    private readonly employeeOf: (deviceId: string) => string,
  ) {}

  get crowdedCount(): number {
    return this.#crowdedCount;
  }

  /** Devices on the identifier (the caller's own device included). */
  devices(kind: IdentifierKind, key: string): Iterable<string> {
    const entry = this.#maps[kind].get(key);
    if (entry === undefined) return NONE;
    return typeof entry === 'string' ? [entry] : entry.devices;
  }

  isCrowded(kind: IdentifierKind, key: string): boolean {
    const entry = this.#maps[kind].get(key);
    return typeof entry === 'object' && entry.crowded;
  }

  add(kind: IdentifierKind, key: string, deviceId: string, employee: string): CrowdingChange {
    const map = this.#maps[kind];
    const entry = map.get(key);
    if (entry === undefined) {
      map.set(key, deviceId);
      return undefined;
    }
    let shared: Shared;
    if (typeof entry === 'string') {
      if (entry === deviceId) return undefined;
      shared = { devices: new Set([entry]), employees: new Map([[this.employeeOf(entry), 1]]), crowded: false };
      map.set(key, shared);
    } else {
      shared = entry;
      if (shared.devices.has(deviceId)) return undefined;
    }
    shared.devices.add(deviceId);
    shared.employees.set(employee, (shared.employees.get(employee) ?? 0) + 1);
    return this.#recheck(kind, shared);
  }

  remove(kind: IdentifierKind, key: string, deviceId: string, employee: string): CrowdingChange {
    const map = this.#maps[kind];
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (typeof entry === 'string') {
      if (entry === deviceId) map.delete(key);
      return undefined;
    }
    if (!entry.devices.delete(deviceId)) return undefined;
    const left = (entry.employees.get(employee) ?? 1) - 1;
    if (left > 0) entry.employees.set(employee, left);
    else entry.employees.delete(employee);
    const change = this.#recheck(kind, entry);
    if (entry.devices.size === 1) map.set(key, entry.devices.values().next().value!);
    return change;
  }

  #recheck(kind: IdentifierKind, entry: Shared): CrowdingChange {
    const limit = this.limits[kind];
    const crowded = entry.devices.size > limit.devices && entry.employees.size > limit.employees;
    if (crowded === entry.crowded) return undefined;
    entry.crowded = crowded;
    this.#crowdedCount += crowded ? 1 : -1;
    return crowded ? 'crowded' : 'cleared';
  }
}
