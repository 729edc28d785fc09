// Location plausibility: physics (fibre speed) and IANA time zones against claimed locations.
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../server/location/distance.js';
import { judgeLocation, type Anchor, type ClaimedLocation } from '../../server/location/plausibility.js';
import { judgeTimezone } from '../../server/location/timezone.js';

const NEW_YORK: ClaimedLocation = { city: 'New York', country: 'US', latitude: 40.7128, longitude: -74.006 };
const ANCHORS: Anchor[] = [
  { id: 'nyc', latitude: 40.7357, longitude: -74.1724 }, // Newark, 15 km from Manhattan
  { id: 'seoul', latitude: 37.5665, longitude: 126.978 },
  { id: 'frankfurt', latitude: 50.1109, longitude: 8.6821 },
];

describe('distanceKm', () => {
  it('measures New York to Seoul at about 11,000 km', () => {
    expect(distanceKm(NEW_YORK as { latitude: number; longitude: number }, ANCHORS[1]!)).toBeGreaterThan(11_000);
    expect(distanceKm(NEW_YORK as { latitude: number; longitude: number }, ANCHORS[1]!)).toBeLessThan(11_100);
  });
});

describe('judgeLocation', () => {
  it('finds a New York employee with 2 ms to a New York anchor plausible', () => {
    const verdict = judgeLocation({
      claimed: NEW_YORK, anchors: ANCHORS, timezone: 'America/New_York',
      rtt: [{ target: 'nyc', minMs: 2 }, { target: 'frankfurt', minMs: 85 }, { target: 'seoul', minMs: 175 }],
    });
    expect(verdict.verdict).toBe('plausible');
    expect(verdict.reasons).toEqual([]);
    expect(verdict.anchors.map((a) => [a.anchor, a.verdict])).toEqual([['nyc', 'ok'], ['frankfurt', 'ok'], ['seoul', 'ok']]);
    expect(verdict.timezone).toEqual({ verdict: 'match' });
  });

  it('finds New York implausible with 180 ms to New York and 15 ms to Seoul', () => {
    const verdict = judgeLocation({
      claimed: NEW_YORK, anchors: ANCHORS, timezone: 'Asia/Seoul', egressCountry: 'KR',
      rtt: [{ target: 'nyc', minMs: 180 }, { target: 'seoul', minMs: 15 }],
    });
    expect(verdict.verdict).toBe('implausible');
    expect(verdict.anchors.find((a) => a.anchor === 'seoul')).toMatchObject({ verdict: 'impossible', maxKm: 1500 });
    expect(verdict.anchors.find((a) => a.anchor === 'nyc')).toMatchObject({ verdict: 'too_slow' });
    expect(verdict.reasons[0]).toMatch(/15 ms to anchor seoul puts the laptop within 1500 km of it, but the claimed location \(New York, United States of America\) is 110\d\d km away/);
    expect(verdict.reasons.join('\n')).toMatch(/nearest anchor by RTT is seoul/);
    expect(verdict.reasons.join('\n')).toMatch(/time zone Asia\/Seoul is used in South Korea/);
    expect(verdict.reasons.join('\n')).toMatch(/from South Korea/);
  });

  it('needs every anchor slow (at least two) before slowness alone is implausible', () => {
    const oneSlow = judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'nyc', minMs: 120 }] });
    expect(oneSlow.verdict).toBe('plausible');
    expect(oneSlow.anchors[0]!.verdict).toBe('too_slow');
    const mixed = judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'nyc', minMs: 60 }, { target: 'frankfurt', minMs: 95 }] });
    expect(mixed.verdict).toBe('plausible');
    // Slow at home but faster to Europe: the nearest anchor by RTT is across the Atlantic.
    const europe = judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'nyc', minMs: 120 }, { target: 'frankfurt', minMs: 90 }] });
    expect(europe.verdict).toBe('implausible');
    expect(europe.reasons).toEqual([expect.stringMatching(/^The nearest anchor by RTT is frankfurt \(90 ms, 62\d\d km from New York/)]);
    const allSlow = judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'nyc', minMs: 250 }, { target: 'frankfurt', minMs: 400 }] });
    expect(allSlow.verdict).toBe('implausible');
    expect(allSlow.reasons[0]).toMatch(/^Every anchor answers slower than the claimed location/);
  });

  it('honours the inflation and allowance options', () => {
    const input = { claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'nyc', minMs: 40 }, { target: 'frankfurt', minMs: 140 }] };
    expect(judgeLocation(input).verdict).toBe('implausible');
    expect(judgeLocation(input, { inflation: 2, allowanceMs: 40 }).verdict).toBe('plausible');
  });

  it('gives no verdict without the data to judge', () => {
    const rtt = [{ target: 'seoul', minMs: 15 }];
    expect(judgeLocation({ claimed: null, anchors: ANCHORS, rtt }).verdict).toBe('unknown');
    expect(judgeLocation({ claimed: { ...NEW_YORK, latitude: null, longitude: null }, anchors: ANCHORS, rtt }).verdict).toBe('unknown');
    expect(judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [] }).verdict).toBe('unknown');
    expect(judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'seoul' }] }).verdict).toBe('unknown');
    expect(judgeLocation({ claimed: NEW_YORK, anchors: [], rtt }).verdict).toBe('unknown');
    expect(judgeLocation({ claimed: NEW_YORK, anchors: ANCHORS, rtt: [{ target: 'unknown-anchor', minMs: 1 }] }).verdict).toBe('unknown');
  });
});

describe('judgeTimezone', () => {
  it('matches zones of the claimed country, aliases included', () => {
    expect(judgeTimezone('America/Chicago', 'US')).toEqual({ verdict: 'match' });
    expect(judgeTimezone('US/Eastern', 'us')).toEqual({ verdict: 'match' });
    expect(judgeTimezone('Asia/Calcutta', 'IN')).toEqual({ verdict: 'match' });
  });

  it('names the countries of a foreign zone', () => {
    expect(judgeTimezone('Asia/Seoul', 'US')).toEqual({ verdict: 'mismatch', zoneCountries: ['KR'] });
    expect(judgeTimezone('Asia/Pyongyang', 'DE')).toEqual({ verdict: 'mismatch', zoneCountries: ['KP'] });
  });

  it('does not judge UTC, unknown or missing zones', () => {
    expect(judgeTimezone('Etc/UTC', 'US')).toEqual({ verdict: 'unknown' });
    expect(judgeTimezone('Mars/Olympus', 'US')).toEqual({ verdict: 'unknown' });
    expect(judgeTimezone(undefined, 'US')).toEqual({ verdict: 'unknown' });
  });
});
