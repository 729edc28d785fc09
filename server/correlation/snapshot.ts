// The engine's state as plain JSON, so the collector can persist it and rebuild on start. A
// snapshot from elsewhere is checked before anything is restored from it.
import { z } from 'zod';
import { EVIDENCE_KINDS } from './types.js';

export const SNAPSHOT_VERSION = 1;

const id = z.string().min(1).max(128);
const key = z.string().min(1).max(256);
const time = z.number().finite().nonnegative();

const SnapshotDevice = z.object({
  id,
  employeeId: id.nullable(),
  /** null: only known because another device heard its beacon. */
  observedAt: time.nullable(),
  office: z.boolean(),
  /** Whether its identifiers are in the index (a sweep takes out devices too old to match). */
  indexed: z.boolean(),
  ipKeys: z.array(key),
  hostingIpKey: key.nullable(),
  gatewayKey: key.nullable(),
  bssidKey: key.nullable(),
  neighbourKeys: z.array(key),
  evidence: z.object({ remoteControl: z.boolean(), ipKvm: z.boolean(), hostingAsn: z.boolean() }),
});

const SnapshotEvidence = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  firstSeen: time,
  lastSeen: time,
  key: key.optional(),
  jaccard: z.number().min(0).max(1).optional(),
  hosting: z.boolean().optional(),
  heardBy: z.array(id).optional(),
});

export const EngineSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  devices: z.array(SnapshotDevice),
  edges: z.array(z.object({ a: id, b: id, evidence: z.array(SnapshotEvidence).min(1) })),
  clusters: z.array(z.object({ id: z.string().min(1).max(256), members: z.array(id).min(2) })),
});

export type EngineSnapshot = z.infer<typeof EngineSnapshot>;
export type SnapshotDevice = z.infer<typeof SnapshotDevice>;

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

export function parseSnapshot(value: unknown): EngineSnapshot {
  const parsed = EngineSnapshot.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${['snapshot', ...i.path].join('.')}: ${i.message}`);
    throw new SnapshotError(`invalid correlation snapshot: ${issues.join('; ')}`);
  }
  const devices = new Set(parsed.data.devices.map((d) => d.id));
  for (const edge of parsed.data.edges) {
    if (!(edge.a < edge.b)) throw new SnapshotError(`invalid correlation snapshot: edge ${edge.a} - ${edge.b} is not ordered a < b`);
    if (!devices.has(edge.a) || !devices.has(edge.b)) throw new SnapshotError(`invalid correlation snapshot: edge ${edge.a} - ${edge.b} names an unknown device`);
  }
  return parsed.data;
}
