// Checking and normalising one observation: a bad one is refused with a message naming the field,
// before the engine changes anything.
import { EgressFormatError, egressKey, ipv6PrefixKey } from './egress.js';
import type { DeviceEvidence, Observation } from './types.js';

// Checked by hand rather than with a zod schema: this runs once per report on the ingest path,
// and copying every array would double its allocations. Messages name the field, like zod's.
const MAX_ID = 128;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;

function checkList(errors: string[], field: string, value: unknown, max: number, item: (v: unknown) => boolean, optional = false): void {
  if (value === undefined && optional) return;
  if (!Array.isArray(value)) {
    errors.push(`observation.${field}: expected an array`);
    return;
  }
  if (value.length > max) errors.push(`observation.${field}: at most ${max} entries, got ${value.length}`);
  const bad = value.findIndex((v) => !item(v));
  if (bad >= 0) errors.push(`observation.${field}.${bad}: expected a string of 1 to ${MAX_ID} characters`);
}

function check(input: Observation): void {
  const errors: string[] = [];
  const o = input as unknown as Record<string, unknown>;
  if (typeof input !== 'object' || input === null) throw new ObservationError('invalid observation: expected an object');
  if (!isId(o.deviceId)) errors.push(`observation.deviceId: expected a string of 1 to ${MAX_ID} characters`);
  if (o.employeeId !== null && !isId(o.employeeId)) errors.push(`observation.employeeId: expected null or a string of 1 to ${MAX_ID} characters`);
  if (typeof o.observedAt !== 'number' || !Number.isFinite(o.observedAt) || o.observedAt < 0) errors.push('observation.observedAt: expected epoch milliseconds (a finite number >= 0)');
  if (o.egressIp !== undefined && typeof o.egressIp !== 'string') errors.push('observation.egressIp: expected a string');
  checkList(errors, 'ipv6Prefixes', o.ipv6Prefixes, 32, (v) => typeof v === 'string' && v.length <= 64, true);
  for (const field of ['gatewayMacHash', 'wifiBssidHash'] as const) {
    if (o[field] !== undefined && !isId(o[field])) errors.push(`observation.${field}: expected a string of 1 to ${MAX_ID} characters`);
  }
  checkList(errors, 'neighbourMacHashes', o.neighbourMacHashes, 1024, isId);
  checkList(errors, 'lanPeers', o.lanPeers, 1024, isId);
  if (typeof o.officeNetwork !== 'boolean') errors.push('observation.officeNetwork: expected a boolean');
  const evidence = o.deviceEvidence as Record<string, unknown> | null | undefined;
  if (typeof evidence !== 'object' || evidence === null) errors.push('observation.deviceEvidence: expected an object');
  else {
    for (const flag of ['remoteControl', 'ipKvm', 'hostingAsn']) {
      if (typeof evidence[flag] !== 'boolean') errors.push(`observation.deviceEvidence.${flag}: expected a boolean`);
    }
  }
  if (errors.length > 0) throw new ObservationError(`invalid observation: ${errors.join('; ')}`);
}

export class ObservationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObservationError';
  }
}

export interface NormalisedObservation {
  deviceId: string;
  employeeId: string | null;
  observedAt: number;
  /** The egress address (IPv4, or IPv6 /64) and the laptop's IPv6 /64s. */
  ipKeys: string[];
  /** The egress key, when the egress is a hosting/VPN network (its evidence is weaker). */
  hostingIpKey: string | undefined;
  gatewayKey: string | undefined;
  bssidKey: string | undefined;
  neighbourKeys: string[];
  lanPeers: string[];
  office: boolean;
  evidence: DeviceEvidence;
}

function ipKey(normalise: (v: string) => string, value: string, field: string): string {
  try {
    return normalise(value);
  } catch (error) {
    if (error instanceof EgressFormatError) throw new ObservationError(`observation.${field}: ${error.message}`);
    throw error;
  }
}

function unique(list: readonly string[]): string[] {
  const set = new Set(list);
  return set.size === list.length ? list.slice() : [...set];
}

export function normaliseObservation(input: Observation): NormalisedObservation {
  check(input);
  const obs = input;
  const egress = obs.egressIp === undefined || obs.egressIp === '' ? undefined : ipKey(egressKey, obs.egressIp, 'egressIp');
  const v6 = (obs.ipv6Prefixes ?? []).map((p, i) => ipKey(ipv6PrefixKey, p, `ipv6Prefixes.${i}`));
  const ipKeys = [...new Set(egress === undefined ? v6 : [egress, ...v6])];
  return {
    deviceId: obs.deviceId,
    employeeId: obs.employeeId,
    observedAt: obs.observedAt,
    ipKeys,
    hostingIpKey: obs.deviceEvidence.hostingAsn ? egress : undefined,
    gatewayKey: obs.gatewayMacHash,
    bssidKey: obs.wifiBssidHash,
    neighbourKeys: unique(obs.neighbourMacHashes),
    lanPeers: unique(obs.lanPeers).filter((p) => p !== obs.deviceId),
    office: obs.officeNetwork,
    evidence: { remoteControl: obs.deviceEvidence.remoteControl, ipKvm: obs.deviceEvidence.ipKvm, hostingAsn: obs.deviceEvidence.hostingAsn },
  };
}
