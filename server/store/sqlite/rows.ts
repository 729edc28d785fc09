// SQLite row shapes and their mapping to the store's plain values. JSON columns were written
// by the collector from validated data, so they are parsed without another schema check.
import type { Category, Platform, Severity } from '../../../shared/index.js';
import type { AdminRole, AdminToken, Alert, AlertStatus, AlertType, Device, DeviceSummary, Resolution } from '../store.js';

export interface AgentRow {
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
  enrolled_at: string;
  last_seen_at: string | null;
}

export interface DeviceSummaryRow extends AgentRow {
  open_alert_count: number;
  report_count: number;
}

export interface AlertRow {
  id: string;
  dedup_key: string;
  type: string;
  agent_id: string | null;
  agent_ids: string;
  signal: string;
  category: string;
  severity: string;
  score: number;
  status: string;
  summary: string;
  reasons: string;
  evidence: string;
  first_seen: string;
  last_seen: string;
  count: number;
  assignee: string | null;
  resolution: string | null;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

export interface AdminTokenRow {
  id: string;
  role: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

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
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
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
    agentIds: JSON.parse(row.agent_ids) as string[],
    signal: row.signal,
    category: row.category as Category,
    severity: row.severity as Severity,
    score: row.score,
    status: row.status as AlertStatus,
    summary: row.summary,
    reasons: JSON.parse(row.reasons) as string[],
    evidence: JSON.parse(row.evidence) as Alert['evidence'],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    count: row.count,
    assignee: row.assignee,
    resolution: row.resolution as Resolution | null,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
  };
}

export function toAdminToken(row: AdminTokenRow): AdminToken {
  return {
    id: row.id,
    role: row.role as AdminRole,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
