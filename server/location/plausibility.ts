// Is a laptop where its employee claims to work? Pure physics and data, no I/O.
//
// Light in fibre covers about 200 km per millisecond one way, so a minimum round-trip time of
// `rtt` ms proves the laptop is within `rtt / 2 * 200` km of the anchor it measured. Two tests
// follow from it:
// - impossible: the claimed place is farther from an anchor than that bound allows (a 15 ms
//   RTT to Seoul rules out New York, whatever the network);
// - too slow: the RTT is far above what the claimed distance needs. Real routes are longer than
//   the great circle and routers queue, so the expected worst case is
//   `2 * distance / 200 * inflation + allowance` ms: `inflation` (default 1.5) stretches the
//   path, `allowance` (default 15 ms) covers the last mile (Wi-Fi, DSL, the anchor's own stack).
//   A slow home line makes one anchor slow; only all anchors (at least two) slow, or the nearest
//   anchor by RTT lying thousands of km farther than the anchor nearest the claimed place,
//   count as implausible.
// Anchors must be unicast: an anycast address answers from the nearest site and breaks the bound.
import { getCountry } from 'countries-and-timezones';
import { distanceKm, type Coordinates } from './distance.js';
import { judgeTimezone, type TimezoneJudgement } from './timezone.js';

export const FIBRE_KM_PER_MS = 200;

export interface PlausibilityOptions {
  /** How much longer than the great circle real paths are (1 = straight fibre). */
  inflation: number;
  /** Fixed extra round-trip milliseconds allowed on top (last mile, anchor stack). */
  allowanceMs: number;
}

export const DEFAULT_PLAUSIBILITY_OPTIONS: PlausibilityOptions = { inflation: 1.5, allowanceMs: 15 };

/** How far the claimed coordinates may be off the real place (a city's centre vs a suburb). */
export const CLAIM_TOLERANCE_KM = 100;
/** "Another continent": the RTT-nearest anchor is this much farther from the claim than the nearest one. */
export const CONTINENT_GAP_KM = 2_500;

export interface Anchor extends Coordinates {
  id: string;
}

export interface ClaimedLocation {
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  latitude: number | null;
  longitude: number | null;
}

export interface RttFact {
  target: string;
  minMs?: number | undefined;
}

export interface LocationInput {
  claimed: ClaimedLocation | null;
  rtt: readonly RttFact[];
  /** Anchors with known coordinates (the policy's, plus the collector's when configured). */
  anchors: readonly Anchor[];
  /** The laptop's IANA time zone. */
  timezone?: string | undefined;
  /** Country of the public egress IP, from GeoIP. */
  egressCountry?: string | null | undefined;
}

export interface AnchorJudgement {
  anchor: string;
  rttMs: number;
  distanceKm: number;
  /** Farthest the laptop can be from the anchor at light speed in fibre. */
  maxKm: number;
  /** Slowest RTT expected from the claimed place. */
  expectedMaxRttMs: number;
  verdict: 'ok' | 'too_slow' | 'impossible';
}

export interface LocationVerdict {
  /** unknown: not enough data (no claimed coordinates, no measured anchor) for an RTT verdict. */
  verdict: 'plausible' | 'implausible' | 'unknown';
  /** One sentence each, for analysts; set when implausible. */
  reasons: string[];
  anchors: AnchorJudgement[];
  timezone: TimezoneJudgement;
}

const round = (n: number) => Math.round(n);
const countryName = (code: string) => getCountry(code)?.name ?? code;

function judgeAnchors(claim: Coordinates, input: LocationInput, options: PlausibilityOptions): AnchorJudgement[] {
  const judged: AnchorJudgement[] = [];
  for (const fact of input.rtt) {
    const anchor = input.anchors.find((a) => a.id === fact.target);
    if (!anchor || fact.minMs === undefined) continue;
    const distance = distanceKm(claim, anchor);
    const maxKm = (fact.minMs / 2) * FIBRE_KM_PER_MS;
    const expectedMaxRttMs = ((2 * distance) / FIBRE_KM_PER_MS) * options.inflation + options.allowanceMs;
    const verdict = distance > maxKm + CLAIM_TOLERANCE_KM ? 'impossible' : fact.minMs > expectedMaxRttMs ? 'too_slow' : 'ok';
    judged.push({ anchor: anchor.id, rttMs: fact.minMs, distanceKm: round(distance), maxKm: round(maxKm), expectedMaxRttMs: round(expectedMaxRttMs), verdict });
  }
  return judged;
}

function rttReasons(judged: AnchorJudgement[], claim: ClaimedLocation): string[] {
  const place = `${claim.city}, ${countryName(claim.country)}`;
  const reasons: string[] = [];
  for (const j of judged.filter((a) => a.verdict === 'impossible')) {
    reasons.push(`${j.rttMs} ms to anchor ${j.anchor} puts the laptop within ${j.maxKm} km of it, but the claimed location (${place}) is ${j.distanceKm} km away.`);
  }
  if (judged.length >= 2 && judged.every((a) => a.verdict !== 'ok')) {
    const slow = judged.filter((a) => a.verdict === 'too_slow');
    if (slow.length === judged.length) {
      reasons.push(`Every anchor answers slower than the claimed location (${place}) allows: ${
        slow.map((a) => `${a.anchor} ${a.rttMs} ms (at most ${a.expectedMaxRttMs} ms expected for ${a.distanceKm} km)`).join(', ')}.`);
    }
  }
  const byRtt = [...judged].sort((a, b) => a.rttMs - b.rttMs)[0];
  const byDistance = [...judged].sort((a, b) => a.distanceKm - b.distanceKm)[0];
  if (byRtt && byDistance && byRtt !== byDistance && byRtt.distanceKm - byDistance.distanceKm > CONTINENT_GAP_KM
    && byDistance.verdict !== 'ok' && byRtt.rttMs < byDistance.rttMs) {
    reasons.push(`The nearest anchor by RTT is ${byRtt.anchor} (${byRtt.rttMs} ms, ${byRtt.distanceKm} km from ${place}), `
      + `not ${byDistance.anchor} (${byDistance.rttMs} ms, ${byDistance.distanceKm} km away).`);
  }
  return reasons;
}

export function judgeLocation(input: LocationInput, options: PlausibilityOptions = DEFAULT_PLAUSIBILITY_OPTIONS): LocationVerdict {
  const { claimed } = input;
  const timezone: TimezoneJudgement = claimed ? judgeTimezone(input.timezone, claimed.country) : { verdict: 'unknown' };
  if (!claimed || claimed.latitude === null || claimed.longitude === null) {
    return { verdict: 'unknown', reasons: [], anchors: [], timezone };
  }
  const judged = judgeAnchors({ latitude: claimed.latitude, longitude: claimed.longitude }, input, options);
  if (!judged.length) return { verdict: 'unknown', reasons: [], anchors: [], timezone };
  const reasons = rttReasons(judged, claimed);
  if (!reasons.length) return { verdict: 'plausible', reasons: [], anchors: judged, timezone };
  // Weaker facts that point the same way go with the RTT verdict, never decide it.
  if (timezone.verdict === 'mismatch') {
    reasons.push(`The time zone ${input.timezone} is used in ${timezone.zoneCountries.map(countryName).join(', ')}, not in ${countryName(claimed.country)}.`);
  }
  if (input.egressCountry && input.egressCountry !== claimed.country) {
    reasons.push(`The collector sees the laptop's traffic from ${countryName(input.egressCountry)}.`);
  }
  return { verdict: 'implausible', reasons, anchors: judged, timezone };
}
