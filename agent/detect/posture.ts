// Posture of an unattended, remotely driven laptop: lid closed while an external display (or a
// KVM's capture input) is attached, sleep disabled, and months without a restart. Each is weak
// alone and meant as context next to stronger findings.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { isConnectedExternal } from './display.js';
import { makeFinding } from './finding.js';

const DAY_SECONDS = 86_400;

function lidClosedExternal(facts: Facts): Finding[] {
  if (facts.power.lidClosed !== true) return [];
  const external = facts.displays.filter(isConnectedExternal).map((d) => d.connector);
  if (external.length === 0) return [];
  return [makeFinding('posture.lid_closed_external_display', {
    subject: 'lid',
    summary: `The lid is closed while an external display is attached (${external.join(', ')}), as on a laptop run headless from a KVM or a remote session.`,
    evidence: { lidClosed: true, externalDisplays: external, onAc: facts.power.onAc },
  })];
}

function longUptime(facts: Facts, policy: Policy): Finding[] {
  const uptime = facts.host.uptimeSec;
  const limitDays = policy.posture.longUptimeDays;
  if (uptime === undefined || uptime <= limitDays * DAY_SECONDS) return [];
  const days = Math.floor(uptime / DAY_SECONDS);
  return [makeFinding('posture.long_uptime', {
    subject: 'uptime',
    summary: `The laptop has run ${days} days without a restart (policy: ${limitDays}).`,
    evidence: { uptimeDays: days, uptimeSec: Math.round(uptime), limitDays },
  })];
}

function sleepDisabled(facts: Facts): Finding[] {
  if (facts.power.sleepDisabled !== true) return [];
  return [makeFinding('posture.sleep_disabled', {
    subject: 'sleep',
    summary: 'Sleep is disabled, so the laptop stays reachable around the clock.',
    evidence: { sleepDisabled: true, onAc: facts.power.onAc, batteryPresent: facts.power.batteryPresent },
  })];
}

export function detectPosture(facts: Facts, policy: Policy): Finding[] {
  return [...lidClosedExternal(facts), ...longUptime(facts, policy), ...sleepDisabled(facts)];
}
