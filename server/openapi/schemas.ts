// zod schemas of the admin API's response bodies, for the OpenAPI document. They describe what
// the store returns (server/store/store.ts, operations.ts); requests are validated by the
// schemas the routes themselves parse with.
import { z } from 'zod';
import { ApiErrorBody, Category, EvidenceValue, Finding, Platform, Severity } from '../../shared/index.js';
import { ADMIN_ROLES, ALERT_STATUSES, ALERT_TYPES, RESOLUTIONS } from '../store/store.js';

const Time = z.iso.datetime({ offset: true });
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

const page = <T extends z.ZodType>(key: string, item: T) =>
  z.object({ [key]: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const DeviceSummary = z.object({
  agentId: z.string(), hostname: z.string(), platform: Platform, agentVersion: z.string(),
  serial: nullable(z.string()), hardwareUuid: nullable(z.string()), osRelease: nullable(z.string()), arch: nullable(z.string()),
  manufacturer: nullable(z.string()), model: nullable(z.string()), enrolledAt: Time, lastSeenAt: nullable(Time),
  openAlertCount: z.number().int(), reportCount: z.number().int(),
});
export const DevicePage = page('devices', DeviceSummary);
export const DeviceDetail = z.object({
  device: DeviceSummary,
  latestReport: nullable(z.object({
    reportId: z.string(), receivedAt: Time, scannedAt: z.string(), findingCount: z.number().int(), findings: z.array(Finding),
  })),
});

export const Alert = z.object({
  id: z.string(), dedupKey: z.string(), type: z.enum(ALERT_TYPES),
  agentId: nullable(z.string()).describe('The device; null for alerts about several devices (agent_clone, farm_suspected).'),
  agentIds: z.array(z.string()), signal: z.string(), category: Category, severity: Severity,
  score: z.number().min(0).max(100), status: z.enum(ALERT_STATUSES), summary: z.string(), reasons: z.array(z.string()),
  evidence: z.array(z.object({ subject: z.string(), severity: Severity, summary: z.string(), evidence: z.record(z.string(), EvidenceValue) })),
  firstSeen: Time, lastSeen: Time, count: z.number().int(), assignee: nullable(z.string()),
  resolution: nullable(z.enum(RESOLUTIONS)), acknowledgedAt: nullable(Time), resolvedAt: nullable(Time),
});
export const AlertPage = page('alerts', Alert);

export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin'), tokenId: z.string(), label: nullable(z.string()), role: z.enum(ADMIN_ROLES) }),
  z.object({ kind: z.literal('user'), userId: z.string(), username: z.string(), role: z.enum(ADMIN_ROLES) }),
  z.object({ kind: z.literal('system'), job: z.string() }),
]);

export const AlertDetail = z.object({
  alert: Alert,
  notes: z.array(z.object({ id: z.string(), author: Actor, text: z.string(), createdAt: Time })),
});

export const AuditEntry = z.object({
  id: z.string(), at: Time, actor: Actor, action: z.string(), targetType: z.string(), targetId: nullable(z.string()),
  before: z.unknown(), after: z.unknown(),
});
export const AuditPage = page('entries', AuditEntry);

export const Suppression = z.object({
  id: z.string(), agentId: nullable(z.string()), employeeId: nullable(z.string()), signal: nullable(z.string()),
  tool: nullable(z.string()), network: nullable(z.string()), reason: nullable(z.string()), createdAt: Time, createdBy: Actor,
  expiresAt: nullable(Time), suppressedCount: z.number().int(), lastSuppressedAt: nullable(Time),
});
export const SuppressionPage = page('suppressions', Suppression);

export const AdminToken = z.object({
  id: z.string(), role: z.enum(ADMIN_ROLES), label: nullable(z.string()), createdAt: Time, revokedAt: nullable(Time),
});
export const AdminTokenList = z.object({ tokens: z.array(AdminToken) });
export const IssuedToken = z.object({ token: AdminToken, secret: z.string().describe('The token itself (fwt_...), shown only in this answer.') });
export const RevokedToken = z.object({ token: AdminToken });

export const Health = z.object({ status: z.literal('ok') });
export const ErrorBody = ApiErrorBody;
