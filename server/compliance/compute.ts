// The fleet's compliance against the policy: pure (devices + inventory + policy + SLA + now ->
// report), so it is tested without a store and both stores feed it the same way.
//
// A device passes when its latest scan is within the SLA and every shared rule passes or is
// waived; it fails when it is out of SLA or a rule fails; otherwise (a rule could not be checked
// because its probe failed) it is unknown, which is not compliant either. Inventory records no
// enrolled device matches are `never_seen`. Coverage counts both: devices scanned within the SLA
// over every known device.
import { COMPLIANCE_RULES, evaluateComplianceRules, type ComplianceRuleResult, type Platform, type Policy } from '../../shared/index.js';
import { matchInventory } from '../inventory/match.js';
import type { InventoryRecord } from '../inventory/record.js';
import type { DeviceLatestReport, LatestReportFacts } from '../store/compliance-store.js';
import { unjudgedRules } from './rules.js';

/** The collector's own rule, judged before the shared ones. */
export const SLA_RULE = { id: 'scanned_within_sla', description: 'The device was scanned within the SLA.' } as const;
/** Every rule id a device is judged on, in report order. */
export const COMPLIANCE_RULE_IDS = [SLA_RULE.id, ...COMPLIANCE_RULES.map((r) => r.id)] as const;

export const DEVICE_STATUSES = ['fail', 'unknown', 'never_seen', 'pass'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export interface DeviceCompliance {
  status: DeviceStatus;
  /** Null for a `never_seen` inventory record. */
  agentId: string | null;
  hostname: string | null;
  serial: string | null;
  platform: Platform | null;
  employeeId: string | null;
  employeeName: string | null;
  enrolledAt: string | null;
  /** When the collector received the latest report. */
  lastReportAt: string | null;
  /** When that scan ran: the agent's scan time, but never later than its receipt. */
  lastScanAt: string | null;
  withinSla: boolean;
  /** The SLA rule, then the shared rules in catalogue order; empty for `never_seen`. */
  rules: ComplianceRuleResult[];
  /** One sentence per rule that failed or could not be checked (`rule: why`). */
  reasons: string[];
}

export interface ComplianceSummary {
  /** Enrolled devices plus inventory records no enrolled device matches. */
  devices: number;
  enrolled: number;
  neverSeen: number;
  withinSla: number;
  /** withinSla / devices x 100, one decimal; null when no device is known. */
  coveragePercent: number | null;
  pass: number;
  fail: number;
  unknown: number;
  /** Devices failing each rule (rule id -> count), every rule listed. */
  failingByRule: Record<string, number>;
}

export interface ComplianceReport {
  generatedAt: string;
  slaMs: number;
  summary: ComplianceSummary;
  /** Failing first, then unknown, never seen and passing; by hostname within a status. */
  devices: DeviceCompliance[];
}

export interface ComplianceInput {
  devices: readonly DeviceLatestReport[];
  inventory: readonly InventoryRecord[];
  policy: Policy;
  slaMs: number;
  now: Date;
}

const HOUR_MS = 3_600_000;
const hours = (ms: number) => Math.round((ms / HOUR_MS) * 10) / 10;

/** The agent's clock may run ahead; a scan delivered late from the spool is as old as the scan. */
function scanTime(report: LatestReportFacts): string {
  const scanned = Date.parse(report.scannedAt);
  return Number.isFinite(scanned) && scanned < Date.parse(report.receivedAt) ? new Date(scanned).toISOString() : report.receivedAt;
}

function slaRule(device: DeviceLatestReport, lastScanAt: string | null, slaMs: number, now: Date): { rule: ComplianceRuleResult; reason?: string } {
  const base = { rule: SLA_RULE.id, description: SLA_RULE.description, violations: [] };
  if (lastScanAt === null) {
    return { rule: { ...base, status: 'fail' }, reason: `${SLA_RULE.id}: no report since enrolment at ${device.enrolledAt}` };
  }
  const ageMs = now.getTime() - Date.parse(lastScanAt);
  if (ageMs <= slaMs) return { rule: { ...base, status: 'pass' } };
  return { rule: { ...base, status: 'fail' }, reason: `${SLA_RULE.id}: last scan ${hours(ageMs)} h ago (${lastScanAt}); the SLA is ${hours(slaMs)} h` };
}

function ruleReason(result: ComplianceRuleResult): string | undefined {
  if (result.status === 'fail') return `${result.rule}: ${result.violations.map((v) => `${v.signal} ${v.subject} (${v.severity})`).join(', ')}`;
  if (result.status === 'unknown' && result.failedProbes) return `${result.rule}: not checked, the ${result.failedProbes.join(' and ')} probe failed`;
  return undefined;
}

function judgeDevice(device: DeviceLatestReport, inventory: InventoryRecord | null, policy: Policy, slaMs: number, now: Date): DeviceCompliance {
  const report = device.latestReport;
  const lastScanAt = report ? scanTime(report) : null;
  const sla = slaRule(device, lastScanAt, slaMs, now);
  const shared = report ? evaluateComplianceRules(report.findings, policy, report.probes) : unjudgedRules();
  const rules = [sla.rule, ...shared];
  const reasons = [sla.reason, ...shared.map(ruleReason)].filter((r): r is string => r !== undefined);
  const status: DeviceStatus = rules.some((r) => r.status === 'fail') ? 'fail' : rules.some((r) => r.status === 'unknown') ? 'unknown' : 'pass';
  return {
    status,
    agentId: device.agentId,
    hostname: device.hostname,
    serial: device.serial,
    platform: device.platform,
    employeeId: inventory?.employeeId ?? null,
    employeeName: inventory?.employeeName ?? null,
    enrolledAt: device.enrolledAt,
    lastReportAt: report?.receivedAt ?? null,
    lastScanAt,
    withinSla: sla.rule.status === 'pass',
    rules,
    reasons,
  };
}

function neverSeen(record: InventoryRecord): DeviceCompliance {
  return {
    status: 'never_seen',
    agentId: null,
    hostname: record.hostname,
    serial: record.serial,
    platform: null,
    employeeId: record.employeeId,
    employeeName: record.employeeName,
    enrolledAt: null,
    lastReportAt: null,
    lastScanAt: null,
    withinSla: false,
    rules: [],
    reasons: [`never_seen: in the inventory for ${record.employeeId} (${record.employeeName}), but no enrolled agent matches its ${record.serial ? 'serial' : 'hostname'}`],
  };
}

const STATUS_RANK = Object.fromEntries(DEVICE_STATUSES.map((s, i) => [s, i])) as Record<DeviceStatus, number>;
const sortKey = (d: DeviceCompliance) => [(d.hostname ?? '').toLowerCase(), d.agentId ?? '', d.serial ?? ''].join('\0');
const byStatusThenName = (a: DeviceCompliance, b: DeviceCompliance) => {
  if (a.status !== b.status) return STATUS_RANK[a.status] - STATUS_RANK[b.status];
  const [ka, kb] = [sortKey(a), sortKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * The records matchInventory could pick for a device (same serial or hostname, case-insensitive),
 * looked up by key so a large fleet is not matched against the whole inventory device by device.
 */
function candidateIndex(inventory: readonly InventoryRecord[]): (device: DeviceLatestReport) => InventoryRecord[] {
  const byKey = new Map<string, InventoryRecord[]>();
  const position = new Map<InventoryRecord, number>();
  inventory.forEach((record, i) => {
    position.set(record, i);
    for (const key of [record.serial && `s:${record.serial.toLowerCase()}`, record.hostname && `h:${record.hostname.toLowerCase()}`]) {
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), record]);
    }
  });
  return (device) => {
    const serial = device.serial?.trim().toLowerCase();
    const found = new Set([...(serial ? byKey.get(`s:${serial}`) ?? [] : []), ...(byKey.get(`h:${device.hostname.trim().toLowerCase()}`) ?? [])]);
    // In inventory order, so matchInventory breaks ties as it would on the whole list.
    return [...found].sort((a, b) => position.get(a)! - position.get(b)!);
  };
}

export function computeCompliance({ devices, inventory, policy, slaMs, now }: ComplianceInput): ComplianceReport {
  const candidates = candidateIndex(inventory);
  const matched = new Set<InventoryRecord>();
  const judged = devices.map((device) => {
    const record = matchInventory(device, candidates(device));
    if (record) matched.add(record);
    return judgeDevice(device, record, policy, slaMs, now);
  });
  const unseen = inventory.filter((r) => !matched.has(r)).map(neverSeen);
  const all = [...judged, ...unseen].sort(byStatusThenName);

  const count = (status: DeviceStatus) => all.filter((d) => d.status === status).length;
  const withinSla = judged.filter((d) => d.withinSla).length;
  const failingByRule = Object.fromEntries(COMPLIANCE_RULE_IDS.map((id) => [id,
    judged.filter((d) => d.rules.some((r) => r.rule === id && r.status === 'fail')).length]));
  return {
    generatedAt: now.toISOString(),
    slaMs,
    summary: {
      devices: all.length,
      enrolled: judged.length,
      neverSeen: unseen.length,
      withinSla,
      coveragePercent: all.length ? Math.round((withinSla / all.length) * 1000) / 10 : null,
      pass: count('pass'),
      fail: count('fail'),
      unknown: count('unknown'),
      failingByRule,
    },
    devices: all,
  };
}
