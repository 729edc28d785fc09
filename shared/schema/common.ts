// Primitives every wire message is built from.
import { z } from 'zod';

/** Bumped when a wire message changes incompatibly; both sides reject other versions. */
export const SCHEMA_VERSION = 1 as const;
export const SchemaVersion = z.literal(SCHEMA_VERSION);

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Numeric rank so severities can be compared (`rank >= SEVERITY_RANK.high`). */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export const CATEGORIES = ['remote_access', 'ip_kvm', 'vpn', 'location', 'co_location', 'posture', 'agent_health'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

export const Timestamp = z.iso.datetime({ offset: true });
export const Uuid = z.uuid();

/** Keyed hash (HMAC-SHA256 with the organisation key, hex, truncated to 128 bits). */
export const KeyedHash = z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-hex-digit keyed hash');

/** JSON Schema for "no NUL character", so schemas compiled from these (the collector's ingest) refuse what the refinement refuses. */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

/**
 * Short free text with a hard cap, so no field can carry an unbounded payload. NUL is refused:
 * no legitimate field carries it and PostgreSQL cannot store it (probes strip it from strings).
 */
export const text = (max = 512) =>
  z.string().max(max).refine((value) => !value.includes('\0'), 'must not contain NUL characters').meta({ pattern: NO_NUL_PATTERN });
