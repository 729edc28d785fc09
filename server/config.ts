// Collector configuration: every setting, its environment variable and its default, in one place.
import path from 'node:path';
import { z } from 'zod';
import { parseCidr } from './net/ip.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute path; the SQLite database lives at `${dataDir}/farmwatch.db` unless `databaseUrl` is set. */
  dataDir: string;
  /** PostgreSQL connection URL; when set the collector stores everything there instead of SQLite. */
  databaseUrl?: string;
  /** Operator-chosen enrol secret; when absent one is generated at first start. */
  enrollSecret?: string;
  /** Operator-chosen admin API token; when absent and none exists, one is generated. */
  adminToken?: string;
  bodyLimitBytes: number;
  logLevel: LogLevel;
  /** Requests per minute per bearer token (or per client IP without one). */
  rateLimitPerMinute: number;
  /** Honour X-Forwarded-For when running behind a reverse proxy. */
  trustProxy: boolean;
  /** City/country .mmdb (MaxMind GeoIP2/GeoLite2 or ip-location-db layout); unset: bundled DB-IP Lite; `off`: none. */
  geoipCityDb?: string;
  /** ASN .mmdb (GeoLite2-ASN layout); unset: bundled RouteViews/DB-IP table; `off`: none. */
  geoipAsnDb?: string;
  /** Where the collector is, so RTT to it (target `collector`) can be judged; unset: not judged. */
  collectorLocation?: { latitude: number; longitude: number };
  /** How much longer than the great circle real network paths are assumed to be (location plausibility). */
  rttInflation: number;
  /** Round-trip milliseconds allowed on top of distance (last mile, anchor stack). */
  rttAllowanceMs: number;
  /** Reports and their findings older than this many days are deleted. */
  retentionDays: number;
  /** An agent is silent after this many times its expected report interval (cron gap + splay). */
  silentAfterFactor: number;
  /** How often the periodic jobs (silent agents, suppression expiry, retention) run. */
  jobIntervalSeconds: number;
  /** Special-purpose networks (documentation, benchmark, private) to count as public egress for co-location: test labs only. */
  correlationLabNetworks: string[];
  /** How often each collector reads reports other collectors stored into its co-location engine. */
  correlationPollMs: number;
  /** Threads that decode, judge and store reports (server/ingest/). */
  ingestWorkers: number;
  /** Request bytes one ingest thread may hold before further reports are refused with 503 (agents resend them). */
  ingestQueueBytes: number;
  /** A device is covered by the compliance report when scanned within this many hours; unset: the silence threshold. */
  complianceSlaHours?: number;
  /** The collector's public base URL (https://farmwatch.example.com), for console links in alert outputs; unset: no links. */
  publicUrl?: string;
}

export const SERVER_CONFIG_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: './data',
  bodyLimitBytes: 1024 * 1024,
  logLevel: 'info',
  rateLimitPerMinute: 600,
  trustProxy: false,
  rttInflation: 1.5,
  rttAllowanceMs: 15,
  retentionDays: 90,
  silentAfterFactor: 3,
  jobIntervalSeconds: 300,
  correlationLabNetworks: [],
  correlationPollMs: 2000,
  ingestWorkers: 2,
  ingestQueueBytes: 64 * 1024 * 1024,
} as const satisfies Omit<ServerConfig, 'databaseUrl' | 'enrollSecret' | 'adminToken'>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const integer = (min: number, max: number) =>
  z.string().trim()
    .regex(/^\d+$/, `expected a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

const POSTGRES_PROTOCOLS = ['postgres:', 'postgresql:'];
const isPostgresUrl = (value: string) => {
  try {
    return POSTGRES_PROTOCOLS.includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const boolean = z.string().trim().toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'expected true or false')
  .transform((v) => ['true', '1', 'yes'].includes(v));

/** Environment variable -> config field, parser, default and help. Empty strings count as unset. */
const VARIABLES = {
  FARMWATCH_PORT: {
    field: 'port',
    parse: integer(0, 65_535),
    fallback: String(SERVER_CONFIG_DEFAULTS.port),
    help: 'TCP port to listen on (0 picks a free one)',
  },
  FARMWATCH_HOST: {
    field: 'host',
    parse: z.string().trim().min(1),
    fallback: SERVER_CONFIG_DEFAULTS.host,
    help: 'Address to bind; 0.0.0.0 or :: for all interfaces',
  },
  FARMWATCH_DATA_DIR: {
    field: 'dataDir',
    parse: z.string().min(1).transform((p) => path.resolve(p)),
    fallback: SERVER_CONFIG_DEFAULTS.dataDir,
    help: 'Directory of the SQLite database farmwatch.db (unused when FARMWATCH_DATABASE_URL is set)',
  },
  FARMWATCH_DATABASE_URL: {
    field: 'databaseUrl',
    // The URL may carry a password: the error names the expected form, never the value.
    parse: z.string().trim().refine(isPostgresUrl, 'expected a postgres:// or postgresql:// URL, e.g. postgres://farmwatch:PASSWORD@db.internal:5432/farmwatch'),
    fallback: undefined,
    help: 'PostgreSQL URL (postgres://user:password@host:5432/database); unset: SQLite in FARMWATCH_DATA_DIR',
  },
  FARMWATCH_ENROLL_SECRET: {
    field: 'enrollSecret',
    // Stored as a fast hash, so an operator-chosen secret must carry enough entropy itself.
    parse: z.string().min(32, 'expected at least 32 characters (e.g. `openssl rand -hex 32`)').max(256, 'expected at most 256 characters'),
    fallback: undefined,
    help: 'Secret agents enrol with (at least 32 characters); unset: generated at first start and shown once',
  },
  FARMWATCH_ADMIN_TOKEN: {
    field: 'adminToken',
    parse: z.string().regex(/^fwt_[A-Za-z0-9_-]{32,256}$/, 'expected fwt_ followed by 32 to 256 base64url characters (leave unset to have one generated)'),
    fallback: undefined,
    help: 'Admin API token (fwt_...); unset and none yet: generated at first start and shown once',
  },
  FARMWATCH_BODY_LIMIT_BYTES: {
    field: 'bodyLimitBytes',
    parse: integer(1_024, 64 * 1024 * 1024),
    fallback: String(SERVER_CONFIG_DEFAULTS.bodyLimitBytes),
    help: 'Largest accepted request body in bytes',
  },
  FARMWATCH_LOG_LEVEL: {
    field: 'logLevel',
    parse: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }),
    fallback: SERVER_CONFIG_DEFAULTS.logLevel,
    help: LOG_LEVELS.join(', '),
  },
  FARMWATCH_RATE_LIMIT_PER_MINUTE: {
    field: 'rateLimitPerMinute',
    parse: integer(1, 1_000_000),
    fallback: String(SERVER_CONFIG_DEFAULTS.rateLimitPerMinute),
    help: 'Requests per minute per bearer token, or per client address without one',
  },
  FARMWATCH_TRUST_PROXY: {
    field: 'trustProxy',
    parse: boolean,
    fallback: String(SERVER_CONFIG_DEFAULTS.trustProxy),
    help: 'true behind a reverse proxy that sets X-Forwarded-For',
  },
  FARMWATCH_GEOIP_CITY_DB: {
    field: 'geoipCityDb',
    parse: z.string().trim().min(1),
    fallback: undefined,
    help: 'City/country .mmdb (e.g. a licensed GeoLite2-City.mmdb), or off; unset: the bundled DB-IP IP-to-City Lite (CC BY 4.0)',
  },
  FARMWATCH_GEOIP_ASN_DB: {
    field: 'geoipAsnDb',
    parse: z.string().trim().min(1),
    fallback: undefined,
    help: 'ASN .mmdb (e.g. GeoLite2-ASN.mmdb), or off; unset: the bundled RouteViews + DB-IP ASN table (CC BY 4.0)',
  },
  FARMWATCH_COLLECTOR_LOCATION: {
    field: 'collectorLocation',
    parse: z.string().trim().regex(/^-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?$/, 'expected latitude,longitude such as 50.11,8.68')
      .transform((v) => {
        const [latitude, longitude] = v.split(',').map(Number) as [number, number];
        return { latitude, longitude };
      })
      .pipe(z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })),
    fallback: undefined,
    help: 'latitude,longitude of the collector, so agents\' RTT to it is judged against their claimed location',
  },
  FARMWATCH_RTT_INFLATION: {
    field: 'rttInflation',
    parse: z.string().trim().regex(/^\d+(\.\d+)?$/, 'expected a number such as 1.5').transform(Number)
      .pipe(z.number().min(1, 'expected at least 1').max(10, 'expected at most 10')),
    fallback: String(SERVER_CONFIG_DEFAULTS.rttInflation),
    help: 'Route stretch over the great circle: a laptop may answer an anchor d km away in up to 2*d/200 ms times this, plus the allowance',
  },
  FARMWATCH_RTT_ALLOWANCE_MS: {
    field: 'rttAllowanceMs',
    parse: integer(0, 1_000),
    fallback: String(SERVER_CONFIG_DEFAULTS.rttAllowanceMs),
    help: 'Round-trip milliseconds allowed on top of distance (last mile: Wi-Fi, DSL)',
  },
  FARMWATCH_RETENTION_DAYS: {
    field: 'retentionDays',
    parse: integer(1, 36_500),
    fallback: String(SERVER_CONFIG_DEFAULTS.retentionDays),
    help: 'Delete reports and findings older than this many days (alerts, notes and the audit log are kept)',
  },
  FARMWATCH_SILENT_AFTER_FACTOR: {
    field: 'silentAfterFactor',
    parse: z.string().trim().regex(/^\d+(\.\d+)?$/, 'expected a number such as 3 or 2.5').transform(Number)
      .pipe(z.number().min(1, 'expected at least 1').max(100, 'expected at most 100')),
    fallback: String(SERVER_CONFIG_DEFAULTS.silentAfterFactor),
    help: 'An agent is silent (agent_silent alert) after this many times its expected interval (policy cron gap + splay)',
  },
  FARMWATCH_CORRELATION_LAB_NETWORKS: {
    field: 'correlationLabNetworks',
    parse: z.string().trim().transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
      .pipe(z.array(z.string().refine((c) => parseCidr(c) !== undefined, { error: (issue) => `not a CIDR: ${String(issue.input)}` }))),
    fallback: '',
    help: 'Lab setting: comma-separated CIDRs of special-purpose addresses (e.g. 198.18.0.0/15) that co-location counts as public egress; never set in production',
  },
  FARMWATCH_CORRELATION_POLL_MS: {
    field: 'correlationPollMs',
    parse: integer(100, 60_000),
    fallback: String(SERVER_CONFIG_DEFAULTS.correlationPollMs),
    help: 'How often each collector reads reports stored by other collectors (PostgreSQL) into its co-location engine (milliseconds); its own are read at once',
  },
  FARMWATCH_INGEST_WORKERS: {
    field: 'ingestWorkers',
    parse: integer(1, 16),
    fallback: String(SERVER_CONFIG_DEFAULTS.ingestWorkers),
    help: 'Threads that decode, judge and store agents\' reports (each opens its own database connection)',
  },
  FARMWATCH_INGEST_QUEUE_BYTES: {
    field: 'ingestQueueBytes',
    parse: integer(1024 * 1024, 4 * 1024 * 1024 * 1024),
    fallback: String(SERVER_CONFIG_DEFAULTS.ingestQueueBytes),
    help: 'Report bytes one ingest thread may hold (waiting or being stored); beyond it reports get 503 and agents resend them later',
  },
  FARMWATCH_JOB_INTERVAL_SECONDS: {
    field: 'jobIntervalSeconds',
    parse: integer(5, 86_400),
    fallback: String(SERVER_CONFIG_DEFAULTS.jobIntervalSeconds),
    help: 'How often the periodic jobs run (silent agents, suppression expiry, retention); one collector runs them',
  },
  FARMWATCH_COMPLIANCE_SLA_HOURS: {
    field: 'complianceSlaHours',
    parse: z.string().trim().regex(/^\d+(\.\d+)?$/, 'expected a number of hours such as 24 or 0.5').transform(Number)
      .pipe(z.number().min(0.01, 'expected at least 0.01').max(8_760, 'expected at most 8760 (a year)')),
    fallback: undefined,
    help: 'Compliance: a device must have been scanned within this many hours; unset: the silence threshold (silent-after factor x (cron gap + splay))',
  },
  FARMWATCH_PUBLIC_URL: {
    field: 'publicUrl',
    parse: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL such as https://farmwatch.example.com' }),
    fallback: undefined,
    help: 'Public base URL of the collector, for "open in FarmWatch" links in alert outputs (webhook, Slack, Teams, syslog, Splunk); unset: no links',
  },
} as const satisfies Record<string, { field: keyof ServerConfig; parse: z.ZodType; fallback: string | undefined; help: string }>;

export type ConfigVariable = keyof typeof VARIABLES;
export const CONFIG_VARIABLES = Object.keys(VARIABLES) as ConfigVariable[];

/**
 * Reads the collector configuration from `env`. Throws a ConfigError naming every bad variable,
 * its value problem and what was expected; secrets are never echoed back.
 */
export function loadServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of CONFIG_VARIABLES) {
    const { field, parse, fallback } = VARIABLES[name];
    const raw = env[name] === '' ? undefined : env[name];
    const value = raw ?? fallback;
    if (value === undefined) continue;
    const parsed = (parse as z.ZodType).safeParse(value);
    if (parsed.success) config[field] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config as unknown as ServerConfig;
}

/** One line per variable with its default, for `--help`. */
export function describeConfigVariables(): string {
  return CONFIG_VARIABLES.map((name) => {
    const { help, fallback } = VARIABLES[name];
    return `  ${name.padEnd(32)} ${help}${fallback === undefined ? '' : ` (default: ${fallback})`}`;
  }).join('\n');
}
