// The storage contract for the compliance report: every device with what its latest report says.
import type { ComplianceFinding, Platform, ProbeHealth } from '../../shared/index.js';

/** The parts of a device's latest report that compliance is judged on. */
export interface LatestReportFacts {
  reportId: string;
  /** When the collector received it (the collector's clock). */
  receivedAt: string;
  /** When the agent says it finished the scan (the agent's clock, verbatim). */
  scannedAt: string;
  /** In the order the agent sent them; without evidence. */
  findings: ComplianceFinding[];
  probes: ProbeHealth[];
}

export interface DeviceLatestReport {
  agentId: string;
  hostname: string;
  serial: string | null;
  platform: Platform;
  enrolledAt: string;
  lastSeenAt: string | null;
  /** The report received last (ties: stored last); null before the first. */
  latestReport: LatestReportFacts | null;
}

export interface ComplianceStore {
  /** Every enrolled device, ordered by agent id, with its latest report's findings and probe health, in one query. */
  latestReportsByDevice(): Promise<DeviceLatestReport[]>;
}
