// zod schema of GET /api/v1/compliance's answer (server/routes/compliance.ts), for the OpenAPI document.
import { z } from 'zod';
import { Platform, Severity } from '../../shared/index.js';
import { DEVICE_STATUSES } from '../compliance/compute.js';

const Time = z.iso.datetime({ offset: true });

const RuleResult = z.object({
  rule: z.string(),
  description: z.string(),
  status: z.enum(['pass', 'fail', 'waived', 'unknown']),
  violations: z.array(z.object({ signal: z.string(), severity: Severity, subject: z.string(), summary: z.string() }))
    .describe('The findings that broke the rule.'),
  failedProbes: z.array(z.string()).optional().describe('For unknown: the probes that failed in the scan.'),
});

export const DeviceCompliance = z.object({
  status: z.enum(DEVICE_STATUSES),
  agentId: z.string().nullable().describe('Null for a never_seen inventory record.'),
  hostname: z.string().nullable(), serial: z.string().nullable(), platform: Platform.nullable(),
  employeeId: z.string().nullable(), employeeName: z.string().nullable(),
  enrolledAt: Time.nullable(), lastReportAt: Time.nullable(),
  lastScanAt: Time.nullable().describe("The agent's scan time, never later than the report's receipt."),
  withinSla: z.boolean(),
  rules: z.array(RuleResult).describe('scanned_within_sla, then the rules of shared/catalogue/compliance.ts.'),
  reasons: z.array(z.string()).describe('One sentence per rule that failed or could not be checked.'),
});

export const CompliancePage = z.object({
  generatedAt: Time,
  sla: z.object({ hours: z.number(), source: z.enum(['config', 'policy']) }),
  rules: z.array(z.object({ id: z.string(), description: z.string() })),
  summary: z.object({
    devices: z.number().int(), enrolled: z.number().int(), neverSeen: z.number().int(), withinSla: z.number().int(),
    coveragePercent: z.number().nullable().describe('withinSla / devices x 100; null when no device is known.'),
    pass: z.number().int(), fail: z.number().int(), unknown: z.number().int(),
    failingByRule: z.record(z.string(), z.number().int()),
  }),
  devices: z.array(DeviceCompliance),
  total: z.number().int(), limit: z.number().int(), offset: z.number().int(),
});
