// What leaves FarmWatch (AlertEvent) and where it goes (OutputConfig). Both are zod schemas:
// configs come from an administrator, events are stored in the delivery queue and parsed back.
import { z } from 'zod';
import { Category, SEVERITIES, SEVERITY_RANK, Timestamp, type Severity } from '../../shared/index.js';
import { ALERT_STATUSES, ALERT_TYPES, RESOLUTIONS } from '../store/store.js';

export const ALERT_EVENT_KINDS = ['opened', 'updated', 'acknowledged', 'resolved'] as const;
export const AlertEventKind = z.enum(ALERT_EVENT_KINDS);
export type AlertEventKind = z.infer<typeof AlertEventKind>;

const EvidenceEntry = z.object({
  subject: z.string(),
  severity: z.enum(SEVERITIES),
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});

/** One change of one alert, as every output receives it (the webhook body carries it as is). */
export const AlertEvent = z.object({
  schemaVersion: z.literal(1),
  /** Stable for the same change (uuidv5), so receivers can drop a redelivered event. */
  eventId: z.uuid(),
  kind: AlertEventKind,
  /** When the change happened (the collector's clock). */
  occurredAt: Timestamp,
  alertId: z.string().min(1),
  type: z.enum(ALERT_TYPES),
  signal: z.string().min(1),
  category: Category,
  severity: z.enum(SEVERITIES),
  /** 0-100, higher is more urgent. */
  score: z.number().min(0).max(100),
  status: z.enum(ALERT_STATUSES),
  /** One line; the story an analyst reads first. */
  summary: z.string(),
  reasons: z.array(z.string()),
  evidence: z.array(EvidenceEntry),
  /** Agent ids of every device the alert concerns. */
  deviceIds: z.array(z.string()),
  /** The suspected farm (correlation cluster) the alert is about, if any. */
  clusterId: z.string().nullable(),
  firstSeen: Timestamp,
  lastSeen: Timestamp,
  count: z.number().int().min(1),
  assignee: z.string().nullable(),
  resolution: z.enum(RESOLUTIONS).nullable(),
  /** Link to the alert in the console; null when the collector's public URL is not configured. */
  consoleUrl: z.url().nullable(),
});
export type AlertEvent = z.infer<typeof AlertEvent>;

export const OutputFilter = z.strictObject({
  /** Alert types to send; absent or empty: every type. */
  types: z.array(z.enum(ALERT_TYPES)).optional(),
  /** Lowest severity to send; absent: every severity. */
  minSeverity: z.enum(SEVERITIES).optional(),
  /** Event kinds to send; absent or empty: every kind. */
  kinds: z.array(AlertEventKind).optional(),
});
export type OutputFilter = z.infer<typeof OutputFilter>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
/** PEM of a private CA the receiver's certificate chains to. */
const caPem = z.string().includes('-----BEGIN CERTIFICATE-----', { error: 'expected a PEM certificate' });
// Header names the sender sets itself; a configured header must not replace them.
const RESERVED_HEADERS = ['content-type', 'content-length', 'host', 'x-farmwatch-signature', 'x-farmwatch-event-id', 'authorization'];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const extraHeaders = z.record(z.string(), z.string()).superRefine((headers, context) => {
  for (const name of Object.keys(headers)) {
    const message = !HEADER_NAME.test(name) ? 'not a valid HTTP header name'
      : RESERVED_HEADERS.includes(name.toLowerCase()) ? 'this header is set by FarmWatch' : null;
    if (message) context.addIssue({ code: 'custom', path: [name], message });
  }
});

const common = {
  /** Stable id the delivery queue and log refer to. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, _ and -, at most 64'),
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  filter: OutputFilter.default({}),
  /** Per attempt. */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
};

export const WebhookOutput = z.strictObject({
  ...common,
  type: z.literal('webhook'),
  url: httpUrl,
  /** HMAC-SHA256 key of the X-FarmWatch-Signature header. */
  secret: z.string().min(16, 'use a secret of 16 characters or more'),
  headers: extraHeaders.optional(),
  ca: caPem.optional(),
});

export const SlackOutput = z.strictObject({ ...common, type: z.literal('slack'), webhookUrl: httpUrl });

export const TeamsOutput = z.strictObject({ ...common, type: z.literal('teams'), webhookUrl: httpUrl });

export const SYSLOG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'audit', 'alert', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;
export type SyslogFacility = (typeof SYSLOG_FACILITIES)[number];

export const SyslogOutput = z.strictObject({
  ...common,
  type: z.literal('syslog'),
  transport: z.enum(['udp', 'tcp', 'tls']),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** TLS only. */
  ca: caPem.optional(),
  /** TLS only; false accepts any certificate (testing only). */
  rejectUnauthorized: z.boolean().default(true),
  /** RFC 5424 APP-NAME: 1-48 printable US-ASCII characters. */
  appName: z.string().regex(/^[\x21-\x7e]{1,48}$/, '1-48 printable ASCII characters, no spaces').default('farmwatch'),
  facility: z.enum(SYSLOG_FACILITIES).default('local0'),
});

export const SplunkHecOutput = z.strictObject({
  ...common,
  type: z.literal('splunk_hec'),
  /** The event endpoint, e.g. https://splunk.example:8088/services/collector/event */
  url: httpUrl,
  token: z.string().min(1),
  index: z.string().min(1).optional(),
  source: z.string().min(1).default('farmwatch'),
  sourcetype: z.string().min(1).default('farmwatch:alert'),
  ca: caPem.optional(),
  rejectUnauthorized: z.boolean().default(true),
});

export const OutputConfig = z.discriminatedUnion('type', [WebhookOutput, SlackOutput, TeamsOutput, SyslogOutput, SplunkHecOutput]);
export type OutputConfig = z.infer<typeof OutputConfig>;
export type OutputConfigInput = z.input<typeof OutputConfig>;
export type OutputType = OutputConfig['type'];
export type WebhookOutput = z.infer<typeof WebhookOutput>;
export type SlackOutput = z.infer<typeof SlackOutput>;
export type TeamsOutput = z.infer<typeof TeamsOutput>;
export type SyslogOutput = z.infer<typeof SyslogOutput>;
export type SplunkHecOutput = z.infer<typeof SplunkHecOutput>;

/** Whether an output wants this event (its filter; the caller checks `enabled`). */
export function matchesFilter(filter: OutputFilter, event: AlertEvent): boolean {
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  if (filter.kinds?.length && !filter.kinds.includes(event.kind)) return false;
  if (filter.minSeverity && SEVERITY_RANK[event.severity] < SEVERITY_RANK[filter.minSeverity as Severity]) return false;
  return true;
}

/** The enabled outputs that want this event: where the caller enqueues it. */
export function outputsFor(configs: readonly OutputConfig[], event: AlertEvent): OutputConfig[] {
  return configs.filter((config) => config.enabled && matchesFilter(config.filter, event));
}

const SECRET_FIELDS = ['secret', 'token', 'webhookUrl'] as const;

/** The config with its secrets masked, for the console and the API (webhook URLs of Slack/Teams are secrets). */
export function redactOutputConfig(config: OutputConfig): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const field of SECRET_FIELDS) if (typeof copy[field] === 'string') copy[field] = '********';
  if (config.type === 'webhook' && config.headers) {
    copy.headers = Object.fromEntries(Object.keys(config.headers).map((name) => [name, '********']));
  }
  return copy;
}
