// Employee ids for suppression matching: looked up in the inventory (by serial, then hostname)
// only when some active rule names an employee, so reports pay nothing otherwise.
import type { Suppression } from '../store/operations.js';
import type { Store } from '../store/store.js';

export interface DeviceName {
  agentId: string;
  serial: string | null;
  hostname: string;
}

/** The employee each device is assigned to, as a one-element list (empty when unknown or not needed). */
export async function employeeIdsFor(store: Store, device: DeviceName, rules: readonly Suppression[]): Promise<string[]> {
  if (!rules.some((r) => r.employeeId !== null)) return [];
  const context = (await store.deviceContexts([device])).get(device.agentId);
  return context?.inventory ? [context.inventory.employeeId] : [];
}
