// Enrolment: an agent trades the organisation's enrol secret for its own identity and token.
import { z } from 'zod';
import { Platform, SchemaVersion, Uuid, text } from './common.js';

export const EnrollRequest = z.object({
  schemaVersion: SchemaVersion,
  enrollSecret: text(256).min(1),
  hostname: text(255),
  platform: Platform,
  agentVersion: text(32),
  serial: text(128).optional(),
  hardwareUuid: text(128).optional(),
});

export const EnrollResponse = z.object({
  schemaVersion: SchemaVersion,
  agentId: Uuid,
  /** Shown once; the collector keeps only its hash. */
  agentToken: text(256),
  /** Organisation key (hex) the agent uses to hash network identifiers before sending them. */
  orgKey: z.string().regex(/^[0-9a-f]{64}$/),
});

export type EnrollRequest = z.infer<typeof EnrollRequest>;
export type EnrollResponse = z.infer<typeof EnrollResponse>;
