// zod schemas of the clusters API's answers (server/routes/clusters.ts, server/farm/cluster-views.ts), for the OpenAPI document.
import { z } from 'zod';
import { EVIDENCE_KINDS } from '../correlation/index.js';

const Time = z.iso.datetime({ offset: true });

const Member = z.object({
  agentId: z.string(), hostname: z.string().nullable(), employeeId: z.string().nullable(), employeeName: z.string().nullable(),
});

export const ClusterSummary = z.object({
  id: z.string().describe('Persistent while the cluster lives: `cluster:<device id>`'),
  score: z.number().min(0).max(100), farmSuspected: z.boolean(), summary: z.string(),
  devices: z.array(Member), employees: z.array(z.string()), unknownEmployeeDevices: z.number().int(),
  evidenceKinds: z.array(z.enum(EVIDENCE_KINDS)), remoteControlDevices: z.number().int(), ipKvmDevices: z.number().int(),
  lastSeen: Time.describe('Newest co-location evidence on any link'),
});

export const ClusterPage = z.object({ clusters: z.array(ClusterSummary), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const ClusterDetail = z.object({
  cluster: ClusterSummary.extend({
    reasons: z.array(z.string()),
    breakdown: z.array(z.object({
      factor: z.enum(['co_location', 'employees', 'devices', 'remote_control']), points: z.number(), max: z.number(), detail: z.string(),
    })),
    members: z.array(Member.extend({
      egressIp: z.string().nullable(), gatewayMacHash: z.string().nullable(), wifiBssidHash: z.string().nullable(),
      remoteControl: z.array(z.string()), ipKvm: z.array(z.string()), lastReportAt: Time.nullable(),
    })),
    edges: z.array(z.object({
      a: z.string(), b: z.string(), strength: z.number().min(0).max(1), employeesKnown: z.boolean(),
      evidence: z.array(z.object({
        kind: z.enum(EVIDENCE_KINDS), firstSeen: Time, lastSeen: Time, expiresAt: Time,
        jaccard: z.number().optional(), hosting: z.boolean().optional(), heardBy: z.array(z.string()).optional(),
      })),
    })),
  }),
});
