// Engine options and their defaults. Windows are how long a piece of evidence keeps two devices
// linked after it was last seen; crowding limits say when an identifier is shared too widely to
// mean "same home" (carrier-grade NAT, an undeclared office, a VPN exit).
import type { EvidenceKind } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface CrowdingLimit {
  /** An identifier seen on more than `devices` devices of more than `employees` employees is crowded. */
  devices: number;
  employees: number;
}

export type IdentifierKind = 'ip' | 'gateway' | 'bssid' | 'neighbour';

export interface CorrelationOptions {
  windowsMs: Record<EvidenceKind, number>;
  /** Neighbour-set overlap that counts as co-location (Jaccard index, 0..1]. */
  jaccardThreshold: number;
  /** Both neighbour sets need at least this many (uncrowded) hashes to be compared. */
  minNeighbourSetSize: number;
  crowding: Record<IdentifierKind, CrowdingLimit>;
  /** Hard cap on devices examined per identifier, whatever the crowding says (bounded work). */
  maxCandidatesPerIdentifier: number;
  /** Cluster score (0..100) from which a cluster is `farmSuspected`. */
  farmThreshold: number;
}

export type CorrelationOptionsInput = Partial<Omit<CorrelationOptions, 'windowsMs' | 'crowding'>> & {
  windowsMs?: Partial<Record<EvidenceKind, number>>;
  crowding?: Partial<Record<IdentifierKind, CrowdingLimit>>;
};

export const DEFAULT_OPTIONS: CorrelationOptions = {
  windowsMs: { ip: DAY, neighbours: 7 * DAY, gateway: 7 * DAY, bssid: 7 * DAY, beacon: 7 * DAY },
  jaccardThreshold: 0.5,
  minNeighbourSetSize: 3,
  crowding: {
    // Farms seen in the cases hold 3 to 90+ laptops; a public IPv4 shared by more people than a
    // household is far more often CGNAT or an office, so ip is the strictest.
    ip: { devices: 24, employees: 12 },
    gateway: { devices: 128, employees: 64 },
    bssid: { devices: 128, employees: 64 },
    neighbour: { devices: 128, employees: 64 },
  },
  maxCandidatesPerIdentifier: 256,
  farmThreshold: 60,
};

function positive(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new RangeError(`correlation option ${name} must be a number in (0, ${max}], got ${value}`);
  }
  return value;
}

export function resolveOptions(input: CorrelationOptionsInput = {}): CorrelationOptions {
  const windowsMs = { ...DEFAULT_OPTIONS.windowsMs, ...input.windowsMs };
  const crowding = { ...DEFAULT_OPTIONS.crowding, ...input.crowding };
  for (const [kind, ms] of Object.entries(windowsMs)) positive(`windowsMs.${kind}`, ms);
  for (const [kind, limit] of Object.entries(crowding)) {
    positive(`crowding.${kind}.devices`, limit.devices);
    positive(`crowding.${kind}.employees`, limit.employees);
  }
  const options: CorrelationOptions = {
    windowsMs,
    crowding,
    jaccardThreshold: positive('jaccardThreshold', input.jaccardThreshold ?? DEFAULT_OPTIONS.jaccardThreshold, 1),
    minNeighbourSetSize: positive('minNeighbourSetSize', input.minNeighbourSetSize ?? DEFAULT_OPTIONS.minNeighbourSetSize),
    maxCandidatesPerIdentifier: positive('maxCandidatesPerIdentifier', input.maxCandidatesPerIdentifier ?? DEFAULT_OPTIONS.maxCandidatesPerIdentifier),
    farmThreshold: positive('farmThreshold', input.farmThreshold ?? DEFAULT_OPTIONS.farmThreshold, 100),
  };
  return options;
}
