// Finding: one piece of evidence detection drew from the facts, tied to a catalogue signal.
import { z } from 'zod';
import { Category, Severity, text } from './common.js';

/** Evidence values stay flat and small: they are shown to analysts and forwarded to SIEMs. */
export const EvidenceValue = z.union([text(2048), z.number(), z.boolean(), z.null(), z.array(text(512)).max(64)]);
export type EvidenceValue = z.infer<typeof EvidenceValue>;

export const Finding = z.object({
  /** Catalogue signal id, e.g. `remote_access.process_running`. */
  signal: z.string().regex(/^[a-z_]+\.[a-z0-9_]+$/, 'expected a signal id like category.name'),
  category: Category,
  severity: Severity,
  /** What the finding is about (a tool, a device, an interface); part of the alert dedup key. */
  subject: text(255),
  /** One plain sentence for an analyst. */
  summary: text(1024),
  evidence: z.record(text(64), EvidenceValue)
    .refine((e) => Object.keys(e).length <= 32, 'at most 32 evidence fields').meta({ maxProperties: 32 }),
});
export type Finding = z.infer<typeof Finding>;
