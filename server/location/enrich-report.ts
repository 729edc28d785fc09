// At ingest: what the collector itself knows about a report. The public egress IP as the
// collector saw it (request.ip, which honours X-Forwarded-For only with FARMWATCH_TRUST_PROXY),
// its GeoIP country/city and ASN, whether that is a hosting/VPN network or a declared office,
// and the location findings from the employee's claimed location.
import type { FastifyBaseLogger } from 'fastify';
import type { Finding, Report } from '../../shared/index.js';
import type { ServerConfig } from '../config.js';
import type { GeoIp } from '../geoip/geoip.js';
import { classifyHosting } from '../geoip/hosting.js';
import type { IpIntel } from '../geoip/types.js';
import { ipv6Prefix64, normaliseIp } from '../net/ip.js';
import { findOfficeNetwork } from '../offices/is-office-network.js';
import { currentPolicy } from '../routes/policy.js';
import type { Egress } from '../store/inventory-store.js';
import type { AlertRule, Store } from '../store/store.js';
import { locationFindings } from './findings.js';
import { judgeLocation, type Anchor } from './plausibility.js';

/** The RTT target id agents use for the collector itself. */
export const COLLECTOR_TARGET = 'collector';

export type LocationConfig = Pick<ServerConfig, 'collectorLocation' | 'rttInflation' | 'rttAllowanceMs'>;

export interface ReportEnrichment {
  egress: Egress | undefined;
  /** Collector-drawn findings (location.*), judged with the agent's by the alert rule. */
  findings: Finding[];
}

export interface ReportEnricher {
  enrich(report: Report, clientIp: string, log?: FastifyBaseLogger): Promise<ReportEnrichment>;
}

export function createReportEnricher(store: Store, geoip: GeoIp, config: LocationConfig): ReportEnricher {
  async function describeEgress(report: Report, clientIp: string, log?: FastifyBaseLogger): Promise<Egress | undefined> {
    const ip = normaliseIp(clientIp);
    if (!ip) return undefined;
    let intel: IpIntel | undefined;
    try {
      intel = await geoip.lookup(ip);
    } catch (error) {
      // Without GeoIP the report is still stored; only the enrichment is missing.
      log?.warn({ err: error }, 'GeoIP lookup failed');
    }
    const office = findOfficeNetwork({ egressIp: ip, gatewayMacHash: report.network.gatewayMacHash }, await store.listOffices());
    const asn = intel?.asn ?? null;
    const asOrganisation = intel?.asOrganisation ?? null;
    return {
      ip, prefix64: ipv6Prefix64(ip) ?? null,
      country: intel?.country ?? null, city: intel?.city ?? null, latitude: intel?.latitude ?? null, longitude: intel?.longitude ?? null,
      asn, asOrganisation, hosting: classifyHosting(asn, asOrganisation) ?? null,
      office: office ? { id: office.id, name: office.name } : null,
    };
  }

  return {
    async enrich(report, clientIp, log) {
      const egress = await describeEgress(report, clientIp, log);
      const contexts = await store.deviceContexts([{ agentId: report.agentId, serial: report.host.serial ?? null, hostname: report.host.hostname }]);
      const inventory = contexts.get(report.agentId)?.inventory ?? null;
      const policy = await currentPolicy(store);
      const anchors: Anchor[] = policy.rtt.anchors.flatMap((a) =>
        a.latitude === undefined || a.longitude === undefined ? [] : [{ id: a.id, latitude: a.latitude, longitude: a.longitude }]);
      if (config.collectorLocation) anchors.push({ id: COLLECTOR_TARGET, ...config.collectorLocation });
      const verdict = judgeLocation({
        claimed: inventory && { city: inventory.city, country: inventory.country, latitude: inventory.latitude, longitude: inventory.longitude },
        rtt: report.rtt, anchors, timezone: report.host.timezone, egressCountry: egress?.country,
      }, { inflation: config.rttInflation, allowanceMs: config.rttAllowanceMs });
      const findings = locationFindings({ verdict, claimed: inventory, timezone: report.host.timezone, egress });
      return { egress, findings };
    },
  };
}

/** `rule` judging the report's findings plus `extra` (collector findings are not stored as the agent's). */
export function withFindings(rule: AlertRule, extra: readonly Finding[]): AlertRule {
  return extra.length ? (input) => rule({ ...input, findings: [...input.findings, ...extra] }) : rule;
}
