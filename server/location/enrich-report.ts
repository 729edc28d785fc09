// At ingest: what the collector itself knows about a report. The public egress IP as the
// collector saw it (request.ip, which honours X-Forwarded-For only with FARMWATCH_TRUST_PROXY),
// its GeoIP country/city and ASN, whether that is a hosting/VPN network or a declared office,
// and the location findings from the employee's claimed location. Pure: the lookups it needs
// (GeoIP answer, offices, inventory record, policy) are passed in.
import type { Finding, Policy, Report } from '../../shared/index.js';
import type { ServerConfig } from '../config.js';
import { classifyHosting } from '../geoip/hosting.js';
import type { IpIntel } from '../geoip/types.js';
import type { InventoryRecord } from '../inventory/record.js';
import { ipv6Prefix64, normaliseIp } from '../net/ip.js';
import type { Office } from '../offices/office.js';
import { findOfficeNetwork } from '../offices/is-office-network.js';
import type { Egress } from '../store/inventory-store.js';
import type { AlertRule } from '../store/store.js';
import { locationFindings } from './findings.js';
import { judgeLocation, type Anchor } from './plausibility.js';

/** The RTT target id agents use for the collector itself. */
export const COLLECTOR_TARGET = 'collector';

export type LocationConfig = Pick<ServerConfig, 'collectorLocation' | 'rttInflation' | 'rttAllowanceMs'>;

/** The egress of a report from `clientIp` (undefined when it is no IP address), with what GeoIP said of it. */
export function describeEgress(clientIp: string, gatewayMacHash: string | undefined, intel: IpIntel | undefined, offices: readonly Office[]): Egress | undefined {
  const ip = normaliseIp(clientIp);
  if (!ip) return undefined;
  const office = findOfficeNetwork({ egressIp: ip, gatewayMacHash }, offices);
  const asn = intel?.asn ?? null;
  const asOrganisation = intel?.asOrganisation ?? null;
  return {
    ip, prefix64: ipv6Prefix64(ip) ?? null,
    country: intel?.country ?? null, city: intel?.city ?? null, latitude: intel?.latitude ?? null, longitude: intel?.longitude ?? null,
    asn, asOrganisation, hosting: classifyHosting(asn, asOrganisation) ?? null,
    office: office ? { id: office.id, name: office.name } : null,
  };
}

export interface LocationInput {
  report: Report;
  egress: Egress | undefined;
  inventory: InventoryRecord | null;
  policy: Policy;
}

/** Collector-drawn findings (location.*) about the report, judged with the agent's by the alert rule. */
export function reportLocationFindings({ report, egress, inventory, policy }: LocationInput, config: LocationConfig): Finding[] {
  const anchors: Anchor[] = policy.rtt.anchors.flatMap((a) =>
    a.latitude === undefined || a.longitude === undefined ? [] : [{ id: a.id, latitude: a.latitude, longitude: a.longitude }]);
  if (config.collectorLocation) anchors.push({ id: COLLECTOR_TARGET, ...config.collectorLocation });
  const verdict = judgeLocation({
    claimed: inventory && { city: inventory.city, country: inventory.country, latitude: inventory.latitude, longitude: inventory.longitude },
    rtt: report.rtt, anchors, timezone: report.host.timezone, egressCountry: egress?.country,
  }, { inflation: config.rttInflation, allowanceMs: config.rttAllowanceMs });
  return locationFindings({ verdict, claimed: inventory, timezone: report.host.timezone, egress });
}

/** `rule` judging the report's findings plus `extra` (collector findings are not stored as the agent's). */
export function withFindings(rule: AlertRule, extra: readonly Finding[]): AlertRule {
  return extra.length ? (input) => rule({ ...input, findings: [...input.findings, ...extra] }) : rule;
}
