// Policy: what the collector tells agents to do. Defaults live here so an agent that has
// never reached its collector still scans sensibly.
import { z } from 'zod';
import { SchemaVersion, text } from './common.js';

/** Local wall-clock time `HH:MM` (24-hour). */
const ClockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected HH:MM (24-hour)');

export const Policy = z.object({
  schemaVersion: SchemaVersion,
  scan: z.object({
    /** Five-field cron expression evaluated in the laptop's local time. */
    cron: text(128).default('17 */4 * * *'),
    /** Random delay before each scheduled scan so a fleet does not report at once. */
    splaySeconds: z.number().int().min(0).max(86_400).default(300),
    /** Per-probe time limit. */
    probeTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** Scheduled scans only start inside this local-time window (`end` before `start` spans midnight). */
    window: z.object({ start: ClockTime, end: ClockTime }).optional(),
  }).prefault({}),
  remoteAccess: z.object({
    /** Sanctioned tools (catalogue ids or names, case-insensitive): reported as `info`. */
    allowedTools: z.array(text(128)).max(256).default([]),
    /** Sanctioned by executable path prefix (case-insensitive). */
    allowedPaths: z.array(text(1024)).max(256).default([]),
    /** Sanctioned by code-signing identity (exact, case-insensitive). */
    allowedSigners: z.array(text(255)).max(256).default([]),
  }).prefault({}),
  vpn: z.object({
    /** When true a VPN default route is expected (corporate VPN) and reported as `info`. */
    allowed: z.boolean().default(false),
    /** VPN clients (catalogue ids or names) the company itself deploys. */
    allowedClients: z.array(text(128)).max(256).default([]),
  }).prefault({}),
  location: z.object({
    /** IANA zones expected for this device; `America/*` matches a region. Empty: not judged. */
    expectedTimezones: z.array(text(64)).max(128).default([]),
    /** Locale prefixes expected (`en-US`, `en`). Empty: not judged. */
    expectedLocales: z.array(text(32)).max(64).default([]),
    /** Input methods/layouts that are expected and not raised even if foreign. */
    allowedInputMethods: z.array(text(128)).max(64).default([]),
  }).prefault({}),
  rtt: z.object({
    /** Anchors in known places; the agent measures TCP-connect RTT to each and to the collector. */
    anchors: z.array(z.object({
      id: z.string().regex(/^[a-z0-9_-]{1,64}$/),
      host: text(255),
      port: z.number().int().min(1).max(65535).default(443),
      latitude: z.number().min(-90).max(90).optional(),
      longitude: z.number().min(-180).max(180).optional(),
    })).max(16).default([]),
    samples: z.number().int().min(1).max(16).default(5),
    timeoutMs: z.number().int().min(100).max(10_000).default(2_000),
  }).prefault({}),
  beacon: z.object({
    /**
     * Announce a signed nonce on the local networks and record the enrolled agents heard. Off
     * until the organisation turns it on: it sends UDP broadcasts on every network a laptop joins.
     */
    enabled: z.boolean().default(false),
    /** Interface names to announce on (`*` globs, e.g. `wl*`, `en0`); empty: every up IPv4 interface. */
    interfaces: z.array(z.string().regex(/^[A-Za-z0-9_.:*-]{1,64}$/, 'expected an interface name or glob')).max(32).default([]),
    port: z.number().int().min(1024).max(65535).default(47_474),
    /** How long a scan listens for other agents' beacons. */
    listenMs: z.number().int().min(0).max(60_000).default(3_000),
  }).prefault({}),
  posture: z.object({
    longUptimeDays: z.number().int().min(1).max(3650).default(30),
  }).prefault({}),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

export const DEFAULT_POLICY: Policy = Policy.parse({ schemaVersion: 1 });
