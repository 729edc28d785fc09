// Findings the collector itself draws about a report's location: from the RTT verdict, the
// time zone and the egress network. They join the agent's findings when the alert rule runs.
import { findSignal, type EvidenceValue, type Finding } from '../../shared/index.js';
import type { HostingNetwork } from '../geoip/hosting.js';
import type { LocationVerdict } from './plausibility.js';

const MAX_ITEMS = 64;
const clip = (text: string, max = 512) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function make(signal: string, subject: string, summary: string, evidence: Record<string, EvidenceValue>): Finding {
  const entry = findSignal(signal);
  if (!entry) throw new Error(`unknown signal ${signal}`);
  return { signal, category: entry.category, severity: entry.severity, subject: clip(subject, 255), summary: clip(summary, 1024), evidence };
}

export interface LocationFindingInput {
  verdict: LocationVerdict;
  claimed: { city: string; country: string } | null;
  timezone?: string | undefined;
  egress?: { ip: string; country: string | null; asn: number | null; asOrganisation: string | null;
    hosting: HostingNetwork | null; office: { name: string } | null } | null;
}

export function locationFindings({ verdict, claimed, timezone, egress }: LocationFindingInput): Finding[] {
  const findings: Finding[] = [];
  const place = claimed ? `${claimed.city}, ${claimed.country}` : 'unknown';
  if (verdict.verdict === 'implausible') {
    findings.push(make('location.rtt_implausible', place, verdict.reasons[0]!, {
      claimed_location: place,
      reasons: verdict.reasons.slice(0, MAX_ITEMS).map((r) => clip(r)),
      anchors: verdict.anchors.slice(0, MAX_ITEMS).map((a) =>
        `${a.anchor}: ${a.rttMs} ms, ${a.distanceKm} km from the claim (physics allows ${a.maxKm} km; expected at most ${a.expectedMaxRttMs} ms): ${a.verdict}`),
      timezone: timezone ?? null,
      egress_country: egress?.country ?? null,
    }));
  }
  if (verdict.timezone.verdict === 'mismatch' && claimed) {
    findings.push(make('location.timezone_mismatch', timezone ?? 'timezone',
      `The time zone ${timezone} is not used in the claimed country ${claimed.country}.`,
      { timezone: timezone ?? null, claimed_country: claimed.country, zone_countries: verdict.timezone.zoneCountries }));
  }
  if (egress?.hosting && !egress.office) {
    findings.push(make('location.hosting_egress', egress.hosting.provider,
      `The laptop reaches the collector from ${egress.hosting.provider} (${egress.hosting.kind === 'vpn' ? 'a VPN provider' : 'a hosting provider'}).`,
      { egress_ip: egress.ip, asn: egress.asn, as_organisation: egress.asOrganisation, provider: egress.hosting.provider, kind: egress.hosting.kind, country: egress.country }));
  }
  return findings;
}
