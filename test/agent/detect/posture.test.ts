// Posture: lid closed with an external display, long uptime, sleep disabled.
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { DisplayFact, Facts } from '../../../shared/index.js';
import { detectPosture } from '../../../agent/detect/posture.js';
import { buildFacts, DEFAULT_POLICY, policy } from './facts-builder.js';

const PANEL: DisplayFact = { connector: 'card1-eDP-1', connected: true };
const HDMI: DisplayFact = { connector: 'card1-HDMI-A-1', connected: true };
const DAY = 86_400;

function check(parts: Partial<Omit<Facts, 'schemaVersion'>>, p = DEFAULT_POLICY) {
  const findings = detectPosture(buildFacts(parts), p);
  for (const f of findings) Finding.parse(f);
  return findings;
}

describe('posture', () => {
  it('lid closed with a connected external display', () => {
    const findings = check({ power: { lidClosed: true, onAc: true }, displays: [PANEL, HDMI] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'posture.lid_closed_external_display', severity: 'low', evidence: { externalDisplays: ['card1-HDMI-A-1'], onAc: true } });
  });

  it.each([
    ['lid open', { power: { lidClosed: false }, displays: [PANEL, HDMI] }],
    ['lid state unknown', { power: {}, displays: [PANEL, HDMI] }],
    ['lid closed, only the panel', { power: { lidClosed: true }, displays: [PANEL] }],
    ['lid closed, external output disconnected', { power: { lidClosed: true }, displays: [PANEL, { ...HDMI, connected: false }] }],
    ['lid closed, internal flagged display', { power: { lidClosed: true }, displays: [{ connector: 'Color LCD', connected: true, internal: true }] }],
  ])('nothing when %s', (_label, parts) => {
    expect(check(parts)).toEqual([]);
  });

  it('long uptime beyond the policy limit (info)', () => {
    const [finding] = check({ host: { hostname: 'h', osRelease: 'x', arch: 'x64', uptimeSec: 45 * DAY + 10 } });
    expect(finding).toMatchObject({ signal: 'posture.long_uptime', severity: 'info', evidence: { uptimeDays: 45, limitDays: 30 } });
    expect(check({ host: { hostname: 'h', osRelease: 'x', arch: 'x64', uptimeSec: 45 * DAY } }, policy({ posture: { longUptimeDays: 60 } }))).toEqual([]);
    expect(check({ host: { hostname: 'h', osRelease: 'x', arch: 'x64', uptimeSec: 30 * DAY } })).toEqual([]);
    expect(check({ host: { hostname: 'h', osRelease: 'x', arch: 'x64' } })).toEqual([]);
  });

  it('sleep disabled only when known to be', () => {
    expect(check({ power: { sleepDisabled: true, onAc: true } })).toMatchObject([{ signal: 'posture.sleep_disabled', severity: 'low', evidence: { onAc: true } }]);
    expect(check({ power: { sleepDisabled: false } })).toEqual([]);
    expect(check({ power: {} })).toEqual([]);
  });
});
