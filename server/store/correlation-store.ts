// The storage contract for the co-location correlation: per stored report, the facts the engine
// needs (network identifiers, LAN peers that are enrolled agents, the egress the collector saw,
// the employee from the inventory, the findings that say remote control or IP-KVM).
import type { Finding, Report } from '../../shared/index.js';
import { mattersToCorrelation } from '../correlation/device-evidence.js';
import type { DeviceIdentity } from '../inventory/match.js';
import type { InventoryRecord } from '../inventory/record.js';
import type { Egress } from './inventory-store.js';

export type CorrelationNetwork = Pick<Report['network'], 'gatewayMacHash' | 'wifiBssidHash' | 'neighbourMacHashes' | 'ipv6Prefixes'>;

export interface CorrelationFacts {
  /** The report's position in the stream of stored reports (migration 8, "report rows"). */
  seq: number;
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
  /** The findings correlation uses (server/correlation/device-evidence.ts, mattersToCorrelation), in report order. */
  findings: Pick<Finding, 'signal' | 'category' | 'severity' | 'subject'>[];
  /** The public egress the collector saw the report come from; null when unknown. */
  egress: Egress | null;
  /** From the inventory record matching the device (serial first, then hostname). */
  employee: { id: string; name: string } | null;
}

export interface CorrelationStore {
  /** Every device's latest report (by received time), oldest first: what a restart replays. */
  latestCorrelationFacts(): Promise<CorrelationFacts[]>;
  /** The newest position in the stream of stored reports (0 when there is none). */
  newestReportSeq(): Promise<number>;
  /** Keys of the reports stored after position `afterSeq`, in position order, at most `limit` (an index scan). */
  correlationKeysAfter(afterSeq: number, limit: number): Promise<CorrelationKey[]>;
  /**
   * Keys of the reports at these positions that exist now. PostgreSQL hands out positions when a
   * report is inserted, so one may become visible after a later one has been read: a poll keeps
   * such gaps and asks for them again.
   */
  correlationKeysAt(seqs: readonly number[]): Promise<CorrelationKey[]>;
  /** Full facts of these reports, in position order. */
  correlationFactsOf(reportIds: readonly string[]): Promise<CorrelationFacts[]>;
}

export interface CorrelationKey {
  seq: number;
  reportId: string;
}

/** Row shape both stores produce before the employee is attached. */
export type CorrelationRow = Omit<CorrelationFacts, 'employee'>;

/** Attaches each row's employee with one inventory lookup for the batch, and keeps the findings correlation uses. */
export async function withEmployees(rows: CorrelationRow[],
  deviceInventory: (devices: readonly (DeviceIdentity & { agentId: string })[]) => Promise<Map<string, InventoryRecord | null>>): Promise<CorrelationFacts[]> {
  if (!rows.length) return [];
  // Keyed by report: one device's reports in a batch may carry different serials or hostnames.
  const records = await deviceInventory(rows.map((r) => ({ agentId: r.reportId, serial: r.serial, hostname: r.hostname })));
  return rows.map((r) => {
    const inventory = records.get(r.reportId) ?? null;
    return { ...r, findings: r.findings.filter(mattersToCorrelation), employee: inventory && { id: inventory.employeeId, name: inventory.employeeName } };
  });
}
