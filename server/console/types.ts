// The shapes of the collector's answers the console reads (docs/api.md, /api/v1/openapi.json).
export type EvidenceValue = string | number | boolean | null | string[];

export interface Alert {
  id: string;
  type: string;
  agentId: string | null;
  agentIds: string[];
  signal: string;
  category: string;
  severity: string;
  score: number;
  status: 'open' | 'acknowledged' | 'resolved';
  summary: string;
  reasons: string[];
  evidence: { subject: string; severity: string; summary: string; evidence: Record<string, EvidenceValue> }[];
  firstSeen: string;
  lastSeen: string;
  count: number;
  assignee: string | null;
  resolution: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export type Actor =
  | { kind: 'admin'; tokenId: string; label: string | null; role: string }
  | { kind: 'user'; userId: string; username: string; role: string }
  | { kind: 'system'; job: string };

export interface AlertDetail {
  alert: Alert;
  notes: { id: string; author: Actor; text: string; createdAt: string }[];
}

export interface Page {
  total: number;
  limit: number;
  offset: number;
}

/** GET /api/v1/compliance (docs/api.md). */
export interface Compliance extends Page {
  generatedAt: string;
  sla: { hours: number; source: 'config' | 'policy' };
  rules: { id: string; description: string }[];
  summary: {
    devices: number; enrolled: number; neverSeen: number; withinSla: number; coveragePercent: number | null;
    pass: number; fail: number; unknown: number; failingByRule: Record<string, number>;
  };
  devices: {
    status: 'fail' | 'unknown' | 'never_seen' | 'pass';
    agentId: string | null; hostname: string | null; serial: string | null; platform: string | null;
    employeeId: string | null; employeeName: string | null; lastScanAt: string | null; withinSla: boolean; reasons: string[];
  }[];
}

export interface ClusterMember {
  agentId: string;
  hostname: string | null;
  employeeId: string | null;
  employeeName: string | null;
  egressIp?: string | null;
  gatewayMacHash?: string | null;
  remoteControl?: string[];
  ipKvm?: string[];
  lastReportAt?: string | null;
}

export interface Cluster {
  id: string;
  score: number;
  farmSuspected: boolean;
  summary: string;
  employees: string[];
  evidenceKinds: string[];
  reasons: string[];
  breakdown: { factor: string; points: number; max: number; detail: string }[];
  members: ClusterMember[];
  edges: { a: string; b: string; strength: number; evidence: { kind: string; lastSeen: string }[] }[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: Actor;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

export function actorName(actor: Actor): string {
  if (actor.kind === 'user') return `${actor.username} (${actor.role})`;
  if (actor.kind === 'admin') return `token ${actor.label ?? actor.tokenId.slice(0, 8)} (${actor.role})`;
  return `system: ${actor.job}`;
}
