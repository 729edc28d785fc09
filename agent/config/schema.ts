// AgentConfig: the agent's local settings and their defaults, in this one place. Sources, in
// increasing precedence: these defaults, the JSON config file, FARMWATCH_AGENT_* variables,
// command-line options.
import { z } from 'zod';
import { LOG_LEVELS } from '../log.js';

const MiB = 1024 * 1024;
const ms = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);

export const AgentConfig = z.strictObject({
  /** Per HTTP request to the collector. */
  requestTimeoutMs: ms(100, 300_000, 10_000),
  /** Retries after the first attempt, for network errors, 429 and 5xx. */
  maxRetries: z.number().int().min(0).max(20).default(4),
  /** Exponential backoff with full jitter: a random delay up to min(cap, base * 2^attempt). */
  backoffBaseMs: ms(1, 60_000, 500),
  backoffCapMs: ms(1, 600_000, 30_000),
  /** Spool limits; the oldest queued reports are evicted (and counted) beyond either. */
  spoolMaxBytes: z.number().int().min(64 * 1024).max(10 * 1024 * MiB).default(50 * MiB),
  spoolMaxReports: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Whole-scan budget and per-probe limit; a policy from the collector overrides the latter. */
  scanBudgetMs: ms(1_000, 600_000, 60_000),
  probeTimeoutMs: ms(100, 120_000, 15_000),
  /** How often `run` retries delivering queued reports between scans. */
  redeliverIntervalMs: ms(1_000, 86_400_000, 10 * 60_000),
  /** Time limit of the collector health check in `status`. */
  statusTimeoutMs: ms(100, 60_000, 3_000),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** PEM file of a private CA the collector's certificate chains to (added to the public roots). */
  caFile: z.string().min(1).optional(),
});

export type AgentConfig = z.infer<typeof AgentConfig>;
export type AgentConfigKey = keyof typeof AgentConfig.shape;

export const DEFAULT_CONFIG: AgentConfig = AgentConfig.parse({});
