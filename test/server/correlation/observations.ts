// Builders for correlation tests: observations with keyed-hash-shaped identifiers.
import { createHash } from 'node:crypto';
import type { Observation } from '../../../server/correlation/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.parse('2026-03-02T09:00:00Z');

/** A 32-hex-digit value shaped like the agent's HMAC of a MAC address. */
export const hash = (label: string) => createHash('sha256').update(label).digest('hex').slice(0, 32);

export function observation(deviceId: string, employeeId: string | null, overrides: Partial<Observation> = {}): Observation {
  return {
    deviceId,
    employeeId,
    observedAt: T0,
    neighbourMacHashes: [],
    lanPeers: [],
    officeNetwork: false,
    deviceEvidence: { remoteControl: false, ipKvm: false, hostingAsn: false },
    ...overrides,
  };
}

/** A device at a home: the home's public IP, router and Wi-Fi, and a few household devices next to it. */
export function atHome(home: string, deviceId: string, employeeId: string | null, overrides: Partial<Observation> = {}): Observation {
  const n = [...home].reduce((s, c) => s + c.charCodeAt(0), 0) % 250;
  return observation(deviceId, employeeId, {
    egressIp: `198.51.100.${n}`,
    gatewayMacHash: hash(`${home}/gateway`),
    wifiBssidHash: hash(`${home}/bssid`),
    neighbourMacHashes: [hash(`${home}/gateway`), hash(`${home}/tv`), hash(`${home}/printer`), hash(`${home}/phone`)],
    ...overrides,
  });
}
