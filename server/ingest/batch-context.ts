// What the collector looks up once per batch of reports rather than once per report: active
// suppressions, declared offices, the policy, the devices' inventory records and which LAN peers
// are enrolled agents. A batch is committed within milliseconds, so all of its reports see the
// same rules.
import { DEFAULT_POLICY, Policy, type Report } from '../../shared/index.js';
import type { InventoryRecord } from '../inventory/record.js';
import type { Office } from '../offices/office.js';
import type { Suppression } from '../store/operations.js';
import type { Store } from '../store/store.js';

export interface BatchContext {
  /** Rules active at the batch's earliest receipt; each report drops those expired by its own. */
  suppressions: Suppression[];
  offices: Office[];
  policy: Policy;
  /** Keyed by report id: one device's reports in a batch may name different serials or hostnames. */
  inventory: Map<string, InventoryRecord | null>;
  /** The LAN peers the reports heard that are enrolled agents. */
  enrolledPeers: Set<string>;
}

export interface BatchItem {
  report: Report;
  receivedAt: string;
}

/** Parses the stored policy only when its text changed since the last batch. */
export function policyReader(store: Store): () => Promise<Policy> {
  let last: { text: string | undefined; policy: Policy } = { text: undefined, policy: DEFAULT_POLICY };
  return async () => {
    const text = await store.getSetting('policy');
    // Stored by the collector from validated input; a parse failure here is a bug worth a 500.
    if (text !== last.text) last = { text, policy: text === undefined ? DEFAULT_POLICY : Policy.parse(JSON.parse(text)) };
    return last.policy;
  };
}

export async function loadBatchContext(store: Store, items: readonly BatchItem[], policy: () => Promise<Policy>): Promise<BatchContext> {
  const earliest = items.reduce((min, i) => (i.receivedAt < min ? i.receivedAt : min), items[0]!.receivedAt);
  const peers = [...new Set(items.flatMap((i) => i.report.lanPeers.map((p) => p.agentId)))];
  const [suppressions, offices, currentPolicy, inventory, enrolledPeers] = await Promise.all([
    store.activeSuppressions(earliest),
    store.listOffices(),
    policy(),
    store.deviceInventory(items.map(({ report }) => ({ agentId: report.reportId, serial: report.host.serial ?? null, hostname: report.host.hostname }))),
    peers.length ? store.knownAgentIds(peers) : Promise.resolve(new Set<string>()),
  ]);
  return { suppressions, offices, policy: currentPolicy, inventory, enrolledPeers };
}
