// agent_clone: one hardware identity (serial or hardware UUID) reporting under several agent ids,
// as when an agent's state is copied to other machines or a farm fakes one laptop many times.
import { signal } from '../../shared/index.js';
import type { HardwareSibling } from '../store/operations.js';
import type { Store } from '../store/store.js';
import { raiseAlert, type RaiseOutcome } from './raise.js';
import type { SuppressionContext } from './suppression.js';

export const CLONE_SIGNAL = 'agent_health.clone';

/** Values firmware ships when nobody set a serial or UUID: shared by unrelated machines, so never compared. */
const PLACEHOLDERS = new Set([
  '', '0', 'none', 'null', 'n/a', 'na', 'default string', 'to be filled by o.e.m.', 'to be filled by oem', 'system serial number',
  'not specified', 'not applicable', 'chassis serial number', 'invalid', 'unknown', 'serial', '0123456789', '123456789',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '03000200-0400-0500-0006-000700080009',
]);

/** The value when it can identify one machine, else null. */
export function usableHardwareId(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (PLACEHOLDERS.has(trimmed.toLowerCase()) || /^(.)\1*$/.test(trimmed)) return null;
  return trimmed;
}

function describe(sibling: Pick<HardwareSibling, 'agentId' | 'hostname' | 'enrolledAt' | 'lastSeenAt'>): string {
  return `agent ${sibling.agentId} (${sibling.hostname}, enrolled ${sibling.enrolledAt}, last report ${sibling.lastSeenAt ?? 'none'})`;
}

export interface HardwareIdentity {
  agentId: string;
  serial: string | null;
  hardwareUuid: string | null;
}

/**
 * After an agent reported this hardware identity: if other agents with its serial or hardware
 * UUID reported since it enrolled, raise (or update) one agent_clone alert for that identity.
 * Runs after every stored report, so the common case (no sibling) is one indexed lookup.
 */
export async function checkHardwareClone(store: Store, identity: HardwareIdentity, seenAt: string, context: Omit<SuppressionContext, 'agentIds'> = {}): Promise<RaiseOutcome | undefined> {
  const { agentId } = identity;
  const serial = usableHardwareId(identity.serial);
  const hardwareUuid = usableHardwareId(identity.hardwareUuid);
  if (serial === null && hardwareUuid === null) return undefined;
  const siblings = await store.findHardwareSiblings(agentId, serial, hardwareUuid);
  if (!siblings.length) return undefined;
  const device = (await store.getDevice(agentId))?.device;
  if (!device) return undefined;

  const bySerial = serial !== null && siblings.some((s) => s.serial === serial);
  const [kind, value] = bySerial ? ['serial', serial] as const : ['hardware UUID', hardwareUuid!] as const;
  const all = [{ ...device, agentId }, ...siblings];
  const severity = signal(CLONE_SIGNAL).severity;
  return raiseAlert(store, {
    signal: CLONE_SIGNAL,
    dedupKey: `hardware:${bySerial ? 'serial' : 'uuid'}:${value}`,
    agentIds: all.map((a) => a.agentId).sort(),
    summary: `${all.length} agents report the same ${kind} ${value}`,
    reasons: [
      `The ${kind} ${value} reports under ${all.length} agent ids at the same time.`,
      ...all.map((a) => `Reported by ${describe(a)}.`),
    ],
    evidence: all.map((a) => ({
      subject: value,
      severity,
      summary: `${kind} ${value} reported by ${describe(a)}`,
      evidence: { agentId: a.agentId, hostname: a.hostname, serial: a.serial, hardwareUuid: a.hardwareUuid, enrolledAt: a.enrolledAt, lastSeenAt: a.lastSeenAt },
    })),
    seenAt,
  }, context);
}
