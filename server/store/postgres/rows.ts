// PostgreSQL row shapes and their mapping to the store's plain values. pg returns timestamptz as
// Date and json/jsonb already parsed; JSON was written by the collector from validated data.
import type { Category, Platform, Severity } from '../../../shared/index.js';
import type { AdminRole, AdminToken, Alert, AlertStatus, AlertType, Device, DeviceSummary, Resolution } from '../store.js';

export type AgentRow = {
  id: string;
  hostname: string;
  platform: string;
  agent_version: string;
  serial: string | null;
  hardware_uuid: string | null;
  os_release: string | null;
  arch: string | null;
  manufacturer: string | null;
  model: string | null;
  enrolled_at: Date;
  last_seen_at: Date | null;
};

export type DeviceSummaryRow = AgentRow & {
  open_alert_count: number;
  report_count: number;
};

export type ReportSummaryRow = {
  report_id: string;
  received_at: Date;
  scanned_at: string;
  finding_count: number;
};

export type AlertRow = {
  id: string;
  dedup_key: string;
  type: string;
  agent_id: string | null;
  agent_ids: string[];
  signal: string;
  category: string;
  severity: string;
  score: number;
  status: string;
  summary: string;
  reasons: string[];
  evidence: Alert['evidence'];
  first_seen: Date;
  last_seen: Date;
  count: number;
  assignee: string | null;
  resolution: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
};

export type AdminTokenRow = {
  id: string;
  role: string;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
};

const iso = (time: Date): string => time.toISOString();
const isoOrNull = (time: Date | null): string | null => (time === null ? null : time.toISOString());

export function toDevice(row: AgentRow): Device {
  return {
    agentId: row.id,
    hostname: row.hostname,
    platform: row.platform as Platform,
    agentVersion: row.agent_version,
    serial: row.serial,
    hardwareUuid: row.hardware_uuid,
    osRelease: row.os_release,
    arch: row.arch,
    manufacturer: row.manufacturer,
    model: row.model,
    enrolledAt: iso(row.enrolled_at),
    lastSeenAt: isoOrNull(row.last_seen_at),
  };
}

export function toDeviceSummary(row: DeviceSummaryRow): DeviceSummary {
  return { ...toDevice(row), openAlertCount: row.open_alert_count, reportCount: row.report_count };
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    dedupKey: row.dedup_key,
    type: row.type as AlertType,
    agentId: row.agent_id,
    agentIds: row.agent_ids,
    signal: row.signal,
    category: row.category as Category,
    severity: row.severity as Severity,
    score: row.score,
    status: row.status as AlertStatus,
    summary: row.summary,
    reasons: row.reasons,
    evidence: row.evidence,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    count: row.count,
    assignee: row.assignee,
    resolution: row.resolution as Resolution | null,
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    resolvedAt: isoOrNull(row.resolved_at),
  };
}

export function toAdminToken(row: AdminTokenRow): AdminToken {
  return {
    id: row.id,
    role: row.role as AdminRole,
    label: row.label,
    createdAt: iso(row.created_at),
    revokedAt: isoOrNull(row.revoked_at),
  };
}
