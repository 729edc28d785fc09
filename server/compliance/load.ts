// Gathers what computeCompliance needs from the store: every device's latest report, the whole
// inventory, the current policy and the SLA.
import type { ServerConfig } from '../config.js';
import type { InventoryRecord } from '../inventory/record.js';
import { currentPolicy } from '../routes/policy.js';
import type { Store } from '../store/store.js';
import { computeCompliance, type ComplianceReport } from './compute.js';
import { complianceSla, type ComplianceSla } from './sla.js';

const INVENTORY_PAGE = 500;

async function wholeInventory(store: Store): Promise<InventoryRecord[]> {
  const records: InventoryRecord[] = [];
  for (let offset = 0; ; offset += INVENTORY_PAGE) {
    const page = await store.listInventory({ limit: INVENTORY_PAGE, offset });
    records.push(...page.items);
    if (page.items.length < INVENTORY_PAGE || records.length >= page.total) return records;
  }
}

export async function loadCompliance(store: Store, config: Pick<ServerConfig, 'complianceSlaHours' | 'silentAfterFactor'>, now: Date):
Promise<{ report: ComplianceReport; sla: ComplianceSla }> {
  const policy = await currentPolicy(store);
  const sla = complianceSla(policy, config);
  const [devices, inventory] = [await store.latestReportsByDevice(), await wholeInventory(store)];
  return { report: computeCompliance({ devices, inventory, policy, slaMs: sla.ms, now }), sla };
}
