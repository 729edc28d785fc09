// Row shapes both databases return, and their mapping to the store's plain values. The backends
// differ only in how a column comes back: PostgreSQL gives timestamptz as Date and json/jsonb
// parsed, SQLite gives ISO text and JSON text. Each backend names its own (RowCodec). JSON
// columns were written by the collector from validated data, so they are read without another
// schema check.
import type { Category, ComplianceFinding, Platform, ProbeHealth, Severity } from '../../shared/index.js';
import type { InventoryRecord, WorkMode } from '../inventory/record.js';
import type { Office } from '../offices/office.js';
import type { DeviceLatestReport } from './compliance-store.js';
import type { AdminRole, AdminToken, Alert, AlertStatus, AlertType, Device, DeviceSummary, Resolution } from './store.js';

/** How one backend returns a timestamp column (`Time`) and a JSON column (`Json`). */
export interface RowCodec<Time, Json> {
  time(value: Time): string;
  json<T>(value: Json): T;
}

export interface AgentRow<Time> {
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
  enrolled_at: Time;
  last_seen_at: Time | null;
}

export interface DeviceSummaryRow<Time> extends AgentRow<Time> {
  open_alert_count: number;
  report_count: number;
}

export interface AlertRow<Time, Json> {
  id: string;
  dedup_key: string;
  type: string;
  agent_id: string | null;
  agent_ids: Json;
  signal: string;
  category: string;
  severity: string;
  score: number;
  status: string;
  summary: string;
  reasons: Json;
  evidence: Json;
  first_seen: Time;
  last_seen: Time;
  count: number;
  assignee: string | null;
  resolution: string | null;
  acknowledged_at: Time | null;
  resolved_at: Time | null;
}

export interface AdminTokenRow<Time> {
  id: string;
  role: string;
  label: string | null;
  created_at: Time;
  revoked_at: Time | null;
}

export interface InventoryRow<Time> {
  key: string;
  serial: string | null;
  hostname: string | null;
  employee_id: string;
  employee_name: string;
  city: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  work_mode: string;
  imported_at: Time;
}

export interface OfficeRow<Time, Json> {
  id: string;
  name: string;
  egress_cidrs: Json;
  gateway_mac_hashes: Json;
  created_at: Time;
}

/** A device with its latest report's findings and probe health, for the compliance report. */
export interface LatestReportRow<Time, Json> {
  id: string;
  hostname: string;
  serial: string | null;
  platform: string;
  enrolled_at: Time;
  last_seen_at: Time | null;
  report_id: string | null;
  received_at: Time | null;
  scanned_at: string | null;
  findings: Json | null;
  probes: Json | null;
}

export interface RowMappers<Time, Json> {
  toDevice(row: AgentRow<Time>): Device;
  toDeviceSummary(row: DeviceSummaryRow<Time>): DeviceSummary;
  toAlert(row: AlertRow<Time, Json>): Alert;
  toAdminToken(row: AdminTokenRow<Time>): AdminToken;
  toInventoryRecord(row: InventoryRow<Time>): InventoryRecord;
  toOffice(row: OfficeRow<Time, Json>): Office;
  toDeviceLatestReport(row: LatestReportRow<Time, Json>): DeviceLatestReport;
}

export function rowMappers<Time, Json>({ time, json }: RowCodec<Time, Json>): RowMappers<Time, Json> {
  const timeOrNull = (value: Time | null): string | null => (value === null ? null : time(value));
  const toDevice = (row: AgentRow<Time>): Device => ({
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
    enrolledAt: time(row.enrolled_at),
    lastSeenAt: timeOrNull(row.last_seen_at),
  });
  return {
    toDevice,
    toDeviceSummary: (row) => ({ ...toDevice(row), openAlertCount: row.open_alert_count, reportCount: row.report_count }),
    toAlert: (row) => ({
      id: row.id,
      dedupKey: row.dedup_key,
      type: row.type as AlertType,
      agentId: row.agent_id,
      agentIds: json<string[]>(row.agent_ids),
      signal: row.signal,
      category: row.category as Category,
      severity: row.severity as Severity,
      score: row.score,
      status: row.status as AlertStatus,
      summary: row.summary,
      reasons: json<string[]>(row.reasons),
      evidence: json<Alert['evidence']>(row.evidence),
      firstSeen: time(row.first_seen),
      lastSeen: time(row.last_seen),
      count: row.count,
      assignee: row.assignee,
      resolution: row.resolution as Resolution | null,
      acknowledgedAt: timeOrNull(row.acknowledged_at),
      resolvedAt: timeOrNull(row.resolved_at),
    }),
    toAdminToken: (row) => ({
      id: row.id,
      role: row.role as AdminRole,
      label: row.label,
      createdAt: time(row.created_at),
      revokedAt: timeOrNull(row.revoked_at),
    }),
    toInventoryRecord: (row) => ({
      serial: row.serial, hostname: row.hostname, employeeId: row.employee_id, employeeName: row.employee_name,
      city: row.city, country: row.country, latitude: row.latitude, longitude: row.longitude,
      workMode: row.work_mode as WorkMode, importedAt: time(row.imported_at),
    }),
    toOffice: (row) => ({
      id: row.id, name: row.name, egressCidrs: json<string[]>(row.egress_cidrs), gatewayMacHashes: json<string[]>(row.gateway_mac_hashes),
      createdAt: time(row.created_at),
    }),
    toDeviceLatestReport: (row) => ({
      agentId: row.id,
      hostname: row.hostname,
      serial: row.serial,
      platform: row.platform as Platform,
      enrolledAt: time(row.enrolled_at),
      lastSeenAt: timeOrNull(row.last_seen_at),
      latestReport: row.report_id === null ? null : {
        reportId: row.report_id,
        receivedAt: time(row.received_at!),
        scannedAt: row.scanned_at!,
        findings: row.findings === null ? [] : json<ComplianceFinding[]>(row.findings),
        probes: row.probes === null ? [] : json<ProbeHealth[]>(row.probes),
      },
    }),
  };
}
