// The collector's storage contract. Every method is async and speaks plain values (ISO-8601
// strings for times, string ids, parsed JSON), so a PostgreSQL store can implement it next to
// the SQLite one without callers noticing.
import type { Category, EvidenceValue, Finding, Platform, Report, Severity } from '../../shared/index.js';
import type { ComplianceStore } from './compliance-store.js';
import type { CorrelationStore } from './correlation-store.js';
import type { Egress, InventoryStore } from './inventory-store.js';
import type { OperationsStore } from './operations.js';
import type { MetricsStore } from './metrics-store.js';
import type { OutputStore } from './output-store.js';
import type { TimelineStore } from './timeline-store.js';
import type { AlertStatsStore } from './alert-stats-store.js';
import type { UserStore } from './user-store.js';

export const ADMIN_ROLES = ['admin', 'analyst', 'viewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What an alert is about, for triage; several signals map to one type (server/alerts/types.ts). */
export const ALERT_TYPES = [
  'remote_control', 'ip_kvm', 'location_implausible', 'agent_silent', 'agent_clone', 'policy_violation', 'farm_suspected',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const RESOLUTIONS = ['true_positive', 'false_positive', 'benign'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Install-wide values kept by the collector itself. */
export type SettingKey = 'org_key' | 'enroll_secret_hash' | 'policy';

export interface NewAgent {
  agentId: string;
  tokenHash: string;
  hostname: string;
  platform: Platform;
  agentVersion: string;
  serial: string | null;
  hardwareUuid: string | null;
  enrolledAt: string;
}

/** A device is an enrolled agent plus the host facts of its latest report. */
export interface Device {
  agentId: string;
  hostname: string;
  platform: Platform;
  agentVersion: string;
  serial: string | null;
  hardwareUuid: string | null;
  osRelease: string | null;
  arch: string | null;
  manufacturer: string | null;
  model: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
}

export interface DeviceSummary extends Device {
  openAlertCount: number;
  /** Reports stored for the device (each report id counted once). */
  reportCount: number;
}

export interface StoredReportSummary {
  reportId: string;
  receivedAt: string;
  scannedAt: string;
  findingCount: number;
}

export interface DeviceDetail {
  device: DeviceSummary;
  latestReport: (StoredReportSummary & { findings: Finding[] }) | null;
}

export interface AlertEvidence {
  subject: string;
  severity: Severity;
  summary: string;
  evidence: Record<string, EvidenceValue>;
}

export interface Alert {
  id: string;
  dedupKey: string;
  type: AlertType;
  /** The device the alert is about; null for alerts about several devices (clones, farms). */
  agentId: string | null;
  /** Every device the alert concerns (just `agentId` for a device alert). */
  agentIds: string[];
  signal: string;
  category: Category;
  severity: Severity;
  /** 0-100, higher is more urgent; severity-based unless the raiser scores it. */
  score: number;
  status: AlertStatus;
  summary: string;
  /** Human-readable reasons, one sentence each. */
  reasons: string[];
  evidence: AlertEvidence[];
  firstSeen: string;
  lastSeen: string;
  count: number;
  assignee: string | null;
  resolution: Resolution | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export type NewAlert = Omit<Alert, 'id' | 'status' | 'assignee' | 'resolution' | 'acknowledgedAt' | 'resolvedAt'>;
export type AlertUpdate = Pick<Alert, 'id' | 'severity' | 'score' | 'summary' | 'reasons' | 'evidence' | 'lastSeen' | 'count'>;

/** What an alert rule decides for one report; the store applies it in the report's transaction. */
export interface AlertChanges {
  open: NewAlert[];
  update: AlertUpdate[];
}

export interface AlertRuleInput {
  agentId: string;
  findings: readonly Finding[];
  /** When the collector received the report (the collector's clock, not the agent's). */
  seenAt: string;
  /** The agent's alerts that are not resolved, so the rule can update instead of reopen. */
  activeAlerts: readonly Alert[];
}

export type AlertRule = (input: AlertRuleInput) => AlertChanges;

export interface RecordReportInput {
  report: Report;
  /**
   * The report as stored: the text the agent sent when it was already exactly the validated
   * report (the ingest fast path), else `JSON.stringify(report)`, the default.
   */
  body?: string;
  receivedAt: string;
  /** The public egress the collector saw the report come from; null or absent when unknown. */
  egress?: Egress | null;
  decideAlerts: AlertRule;
}

export type RecordReportResult =
  /** `seq`: the report's position in the stream of stored reports (CorrelationStore). */
  | { outcome: 'stored'; seq: number; alertsOpened: number; alertsUpdated: number }
  /** The same agent sent this report id before; nothing was changed. */
  | { outcome: 'duplicate' }
  /** Another agent owns this report id; nothing was changed. */
  | { outcome: 'foreign_duplicate' };

export interface PageQuery {
  limit: number;
  offset: number;
}

export interface AlertQuery extends PageQuery {
  status?: AlertStatus;
  severity?: Severity;
  signal?: string;
  agentId?: string;
  type?: AlertType;
  assignee?: string;
  /** Inclusive lower bound on lastSeen (ISO-8601, as stored). */
  since?: string;
  /** Exclusive upper bound on lastSeen. */
  until?: string;
  /** Default: lastSeen, newest first. */
  sort?: AlertSort;
  order?: 'asc' | 'desc';
}

export const ALERT_SORTS = ['lastSeen', 'firstSeen', 'score'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];
/** Columns of the sort keys; ties fall back to last_seen, first_seen and id. */
export const ALERT_SORT_COLUMNS: Record<AlertSort, string> = { lastSeen: 'last_seen', firstSeen: 'first_seen', score: 'score' };

export interface Page<T> {
  items: T[];
  total: number;
}

export interface NewAdminToken {
  id: string;
  tokenHash: string;
  role: AdminRole;
  label: string | null;
  createdAt: string;
}

export interface AdminToken {
  id: string;
  role: AdminRole;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Where a store's database is, so another thread (the ingest worker) can open it too. SQLite:
 * with the shared memory of the lock its connections take turns writing with.
 */
export type StoreLocation = { kind: 'sqlite'; file: string; writeLock: SharedArrayBuffer } | { kind: 'postgres'; url: string };

export interface Store extends OperationsStore, InventoryStore, ComplianceStore, CorrelationStore, UserStore, OutputStore, MetricsStore, TimelineStore, AlertStatsStore {
  readonly location: StoreLocation;
  getSetting(key: SettingKey): Promise<string | undefined>;
  setSetting(key: SettingKey, value: string): Promise<void>;
  /** Stores `value` unless the key holds one already; returns what the key holds afterwards. */
  initSetting(key: SettingKey, value: string): Promise<string>;

  /** Rejects when the agent id or token hash exists already. */
  createAgent(agent: NewAgent): Promise<void>;
  findAgentIdByTokenHash(tokenHash: string): Promise<string | undefined>;
  /** Which of these agent ids belong to enrolled agents. */
  knownAgentIds(agentIds: readonly string[]): Promise<Set<string>>;
  /** Most recently seen first. */
  listDevices(query: PageQuery): Promise<Page<DeviceSummary>>;
  getDevice(agentId: string): Promise<DeviceDetail | undefined>;

  /**
   * Stores a validated report (its findings and egress with it), the device's new host facts and
   * the alert changes `decideAlerts` returns, all in one transaction. Idempotent on `report.reportId`.
   */
  recordReport(input: RecordReportInput): Promise<RecordReportResult>;
  /**
   * Stores several reports as recordReport does, in one transaction (group commit): one result per
   * input, in order. All or nothing: when it throws, none was stored. Reports of one agent are
   * stored in the order given, each seeing the alerts the previous one opened.
   */
  recordReports(inputs: readonly RecordReportInput[]): Promise<RecordReportResult[]>;
  /** Most recently seen first. */
  listAlerts(query: AlertQuery): Promise<Page<Alert>>;

  createAdminToken(token: NewAdminToken): Promise<void>;
  /** Finds revoked tokens too; callers check `revokedAt`. */
  findAdminTokenByHash(tokenHash: string): Promise<AdminToken | undefined>;
  countActiveAdminTokens(): Promise<number>;
  /** Revokes every active token of `role` except `keepId`; returns how many were revoked. */
  revokeAdminTokens(role: AdminRole, keepId: string, revokedAt: string): Promise<number>;
  listAdminTokens(): Promise<AdminToken[]>;

  close(): Promise<void>;
}
