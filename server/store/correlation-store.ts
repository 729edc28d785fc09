// The storage contract for the co-location correlation: per stored report, the facts the engine
// needs (network identifiers, LAN peers that are enrolled agents, the egress the collector saw,
// the employee from the inventory, the findings that say remote control or IP-KVM).
import type { Finding, Report } from '../../shared/index.js';
import type { DeviceIdentity } from '../inventory/match.js';
import type { DeviceContext, Egress } from './inventory-store.js';

export type CorrelationNetwork = Pick<Report['network'], 'gatewayMacHash' | 'wifiBssidHash' | 'neighbourMacHashes' | 'ipv6Prefixes'>;

export interface CorrelationFacts {
  agentId: string;
  reportId: string;
  /** The collector's clock. */
  receivedAt: string;
  /** As the report gave them (the inventory is matched on these). */
  hostname: string;
  serial: string | null;
  network: CorrelationNetwork;
  /** Agent ids of the LAN beacons heard that belong to enrolled agents (others are dropped). */
  lanPeers: string[];
  findings: Pick<Finding, 'signal' | 'category' | 'severity' | 'subject'>[];
  /** The egress recorded for this report; null when none was (yet) recorded. */
  egress: Egress | null;
  /** From the inventory record matching the device (serial first, then hostname). */
  employee: { id: string; name: string } | null;
}

/** A position in the stream of stored reports: received time, then report id. */
export interface ReportCursor {
  receivedAt: string;
  reportId: string;
}

export interface CorrelationStore {
  /** Every device's latest report (by received time), oldest first: what a restart replays. */
  latestCorrelationFacts(): Promise<CorrelationFacts[]>;
  /** Reports after `after` in (receivedAt, reportId) order, at most `limit`. */
  correlationFactsAfter(after: ReportCursor, limit: number): Promise<CorrelationFacts[]>;
  /**
   * Only the keys of the reports after `after` (an index scan): a poll re-reads its overlap window
   * through these and fetches full facts only for reports it has not correlated yet.
   */
  correlationKeysAfter(after: ReportCursor, limit: number): Promise<CorrelationKey[]>;
  /** Full facts of these reports, in (receivedAt, reportId) order. */
  correlationFactsOf(reportIds: readonly string[]): Promise<CorrelationFacts[]>;
}

export interface CorrelationKey extends ReportCursor {
  /** Whether the collector has recorded the report's egress yet. */
  hasEgress: boolean;
}

/** Row shape both stores produce before the employee is attached. */
export type CorrelationRow = Omit<CorrelationFacts, 'employee'>;

/** Attaches each row's employee with one inventory lookup for the batch. */
export async function withEmployees(rows: CorrelationRow[],
  deviceContexts: (devices: readonly (DeviceIdentity & { agentId: string })[]) => Promise<Map<string, DeviceContext>>): Promise<CorrelationFacts[]> {
  if (!rows.length) return [];
  // Keyed by report: one device's reports in a batch may carry different serials or hostnames.
  const contexts = await deviceContexts(rows.map((r) => ({ agentId: r.reportId, serial: r.serial, hostname: r.hostname })));
  return rows.map((r) => {
    const inventory = contexts.get(r.reportId)?.inventory ?? null;
    return { ...r, employee: inventory && { id: inventory.employeeId, name: inventory.employeeName } };
  });
}
