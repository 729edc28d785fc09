// The storage contract for operating the collector: alert lifecycle, the audit log,
// suppression rules, audited policy and token changes, and what the periodic jobs query.
// Every change made on behalf of someone is written to the audit log in the same transaction.
import type { AdminRole, AdminToken, Alert, NewAdminToken, NewAlert, Page, PageQuery, Resolution } from './store.js';

/** Who changed something: an admin API token, a console user, or the collector itself (a job, a report). */
export type Actor =
  | { kind: 'admin'; tokenId: string; label: string | null; role: AdminRole }
  /** A console user signed in with a password (server/auth/sessions.ts). */
  | { kind: 'user'; userId: string; username: string; role: AdminRole }
  | { kind: 'system'; job: string };

export interface AlertNote {
  id: string;
  author: Actor;
  text: string;
  createdAt: string;
}

export interface AlertDetail {
  alert: Alert;
  /** Oldest first; notes are never edited or removed. */
  notes: AlertNote[];
}

export type AlertAction =
  | { kind: 'acknowledge' }
  | { kind: 'assign'; assignee: string | null }
  | { kind: 'note'; text: string }
  | { kind: 'resolve'; resolution: Resolution; note?: string };

export type AlertActionResult =
  | { outcome: 'changed'; detail: AlertDetail }
  | { outcome: 'not_found' }
  /** The action does not apply in the alert's state (e.g. acknowledging a resolved alert). */
  | { outcome: 'refused'; reason: string };

export type RaiseAlertResult = { outcome: 'opened' | 'updated'; alert: Alert };

export interface AuditEntry {
  id: string;
  at: string;
  actor: Actor;
  /** `alert.acknowledge`, `suppression.create`, `policy.update`, `token.revoke`, `retention.delete`... */
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery extends PageQuery {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorTokenId?: string;
  /** Inclusive lower bound on `at`. */
  since?: string;
  /** Exclusive upper bound on `at`. */
  until?: string;
}

/** What a suppression rule matches; every field given must match (at least one is). */
export interface SuppressionCriteria {
  agentId: string | null;
  employeeId: string | null;
  signal: string | null;
  /** A finding subject (the tool or device name), case-insensitive. */
  tool: string | null;
  /** A CIDR the egress address falls in, or a gateway MAC keyed hash. */
  network: string | null;
}

export interface NewSuppression extends SuppressionCriteria {
  id: string;
  reason: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export interface Suppression extends NewSuppression {
  createdBy: Actor;
  /** Would-be alerts and alert updates this rule withheld. */
  suppressedCount: number;
  lastSuppressedAt: string | null;
}

/** A device whose last sign of life (report, or enrolment) is older than the cutoff. */
export interface SilentAgent {
  agentId: string;
  hostname: string;
  lastActivityAt: string;
  lastSeenAt: string | null;
}

/** An agent sharing a hardware identity with another. */
export interface HardwareSibling {
  agentId: string;
  hostname: string;
  serial: string | null;
  hardwareUuid: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
}

export type RevokeTokenResult =
  | { outcome: 'revoked'; token: AdminToken }
  | { outcome: 'not_found' }
  /** Already revoked, or the last active admin token (the install would be locked out). */
  | { outcome: 'refused'; reason: string };

export interface OperationsStore {
  getAlert(id: string): Promise<AlertDetail | undefined>;
  /** Applies a lifecycle action (server/alerts/lifecycle.ts) and audits it, in one transaction. */
  actOnAlert(id: string, action: AlertAction, actor: Actor, at: string): Promise<AlertActionResult>;
  /**
   * Opens an alert, or updates the unresolved one with the same dedup key (count, last seen,
   * evidence, summary; severity, score, reasons and devices merged). For raisers outside reports.
   */
  raiseAlert(alert: NewAlert): Promise<RaiseAlertResult>;

  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(query: AuditQuery): Promise<Page<AuditEntry>>;

  createSuppression(suppression: NewSuppression, actor: Actor): Promise<Suppression>;
  /** False when there is no such rule. */
  deleteSuppression(id: string, actor: Actor, at: string): Promise<boolean>;
  /** Newest first. */
  listSuppressions(query: PageQuery): Promise<Page<Suppression>>;
  /** Rules not expired at `now`. */
  activeSuppressions(now: string): Promise<Suppression[]>;
  /** Adds one to each listed rule's counter (an id may repeat). */
  countSuppressed(ids: readonly string[], at: string): Promise<void>;
  /** Deletes rules expired at `now`, auditing each as `actor`; returns them. */
  deleteExpiredSuppressions(now: string, actor: Actor): Promise<Suppression[]>;

  /** Stores the policy JSON and audits the change. */
  setPolicy(value: string, actor: Actor, at: string): Promise<void>;
  /** createAdminToken, audited. */
  issueAdminTokenAs(token: NewAdminToken, actor: Actor): Promise<void>;
  revokeAdminToken(id: string, actor: Actor, at: string): Promise<RevokeTokenResult>;

  /**
   * Agents with no report (or, never reported, no enrolment) since `cutoff`, and no `agent_silent`
   * alert raised since their last sign of life (one alert per silence, even once resolved).
   */
  findSilentAgents(cutoff: string): Promise<SilentAgent[]>;
  /**
   * Other agents with this serial or hardware UUID (null: not compared) that reported after
   * `agentId` enrolled: a reinstall leaves an old agent that stopped before; a clone keeps both reporting.
   */
  findHardwareSiblings(agentId: string, serial: string | null, hardwareUuid: string | null): Promise<HardwareSibling[]>;
  /** Deletes reports (and their findings) received before `cutoff`; returns how many. */
  deleteReportsBefore(cutoff: string): Promise<number>;
}
