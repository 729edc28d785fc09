// GET /api/v1/compliance and /api/v1/compliance.csv: the fleet against the policy (scanned within
// the SLA, the shared compliance rules), with coverage and the inventory's never-seen devices.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { COMPLIANCE_RULES } from '../../shared/index.js';
import { COMPLIANCE_COLUMNS } from '../compliance/columns.js';
import { DEVICE_STATUSES, SLA_RULE } from '../compliance/compute.js';
import { loadCompliance } from '../compliance/load.js';
import type { ServerConfig } from '../config.js';
import { parseOrThrow } from '../errors.js';
import { toCsv } from '../export/csv.js';
import type { RouteContext } from './context.js';
import { PageParams } from './paging.js';

const status = z.enum(DEVICE_STATUSES, { error: `expected one of ${DEVICE_STATUSES.join(', ')}` }).optional();
export const ComplianceQuery = z.strictObject({ status, ...PageParams });
export const ComplianceCsvQuery = z.strictObject({ status });

const HOUR_MS = 3_600_000;
const RULES = [{ id: SLA_RULE.id, description: SLA_RULE.description }, ...COMPLIANCE_RULES.map(({ id, description }) => ({ id, description }))];

export function registerComplianceRoutes(app: FastifyInstance, { store, guards }: RouteContext,
  config: Pick<ServerConfig, 'complianceSlaHours' | 'silentAfterFactor'>): void {
  app.get('/api/v1/compliance', { preParsing: guards.requireAdmin }, async (request) => {
    const query = parseOrThrow(ComplianceQuery, request.query);
    const { report, sla } = await loadCompliance(store, config, new Date());
    const matching = query.status ? report.devices.filter((d) => d.status === query.status) : report.devices;
    return {
      generatedAt: report.generatedAt,
      sla: { hours: Math.round((sla.ms / HOUR_MS) * 100) / 100, source: sla.source },
      rules: RULES,
      summary: report.summary,
      devices: matching.slice(query.offset, query.offset + query.limit),
      total: matching.length,
      limit: query.limit,
      offset: query.offset,
    };
  });

  app.get('/api/v1/compliance.csv', { preParsing: guards.requireAdmin }, async (request, reply) => {
    const query = parseOrThrow(ComplianceCsvQuery, request.query);
    const { report } = await loadCompliance(store, config, new Date());
    const rows = query.status ? report.devices.filter((d) => d.status === query.status) : report.devices;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="farmwatch-compliance-${report.generatedAt.slice(0, 10)}.csv"`)
      .send(toCsv(COMPLIANCE_COLUMNS, rows));
  });
}
