// Policy: what the collector tells agents to do. Defaults live here so an agent that has
// never reached its collector still scans sensibly.
import { z } from 'zod';
import { SchemaVersion, text } from './common.js';

export const Policy = z.object({
  schemaVersion: SchemaVersion,
  scan: z.object({
    /** Five-field cron expression evaluated in the laptop's local time. */
    cron: text(128).default('17 */4 * * *'),
    /** Random delay before each scheduled scan so a fleet does not report at once. */
    splaySeconds: z.number().int().min(0).max(86_400).default(300),
    /** Per-probe time limit. */
    probeTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  }).prefault({}),
  remoteAccess: z.object({
    /** Sanctioned tools (catalogue ids or names, case-insensitive): reported as `info`. */
    allowedTools: z.array(text(128)).max(256).default([]),
  }).prefault({}),
  vpn: z.object({
    /** When true a VPN default route is expected (corporate VPN) and not raised. */
    allowed: z.boolean().default(false),
  }).prefault({}),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

export const DEFAULT_POLICY: Policy = Policy.parse({ schemaVersion: 1 });
