// The laptop's time zone against the zones the policy expects for this device
// (policy.location.expectedTimezones, `Region/*` wildcards). Weak evidence: a reshipped laptop
// often keeps its home zone, and travel changes it honestly. Nothing when the list is empty or
// the time zone is unknown.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { makeFinding } from './finding.js';

const UTC_NAMES = new Set(['utc', 'etc/utc', 'etc/universal', 'universal', 'zulu', 'etc/zulu', 'gmt', 'etc/gmt', 'etc/gmt0', 'etc/gmt+0', 'etc/gmt-0']);

const normalise = (zone: string) => {
  const z = zone.trim().toLowerCase();
  return UTC_NAMES.has(z) ? 'etc/utc' : z;
};

export function timezoneMatches(zone: string, expected: string): boolean {
  const z = normalise(zone);
  const e = expected.trim().toLowerCase();
  if (e.endsWith('/*')) return z.startsWith(e.slice(0, -1));
  return z === normalise(e);
}

export function detectTimezoneMismatch(facts: Facts, policy: Policy): Finding[] {
  const expected = policy.location.expectedTimezones;
  const zone = facts.host.timezone;
  if (!expected.length || !zone || expected.some((e) => timezoneMatches(zone, e))) return [];
  return [makeFinding('location.timezone_mismatch', {
    subject: zone,
    summary: `The time zone ${zone} is not one the policy expects for this device (${expected.slice(0, 5).join(', ')}${expected.length > 5 ? ', …' : ''}). Weak evidence on its own: travel changes it too.`,
    evidence: { timezone: zone, expectedTimezones: expected },
  })];
}
