// Every route of the collector with its authentication and the zod schemas of its query, body
// and answers: the single source of the OpenAPI document. A route missing here fails
// test/server/openapi.test.ts.
import { z } from 'zod';
import { EnrollRequest, EnrollResponse, Policy, Report, ReportAccepted } from '../../shared/index.js';
import { InventoryRecordInput } from '../inventory/record.js';
import { OfficeInput } from '../offices/office.js';
import { AcknowledgeBody, AssignBody, NoteBody, ResolveBody } from '../routes/alert-actions.js';
import { AlertListQuery } from '../routes/alerts.js';
import { AlertStatsQuery } from '../routes/alert-stats.js';
import { AuditQuery } from '../routes/audit.js';
import { ClusterListQuery } from '../routes/clusters.js';
import { ComplianceCsvQuery, ComplianceQuery } from '../routes/compliance.js';
import { DeviceListQuery } from '../routes/devices.js';
import { PolicyBody } from '../routes/admin-policy.js';
import { SuppressionBody, SuppressionListQuery } from '../routes/suppressions.js';
import { TokenBody } from '../routes/tokens.js';
import {
  AdminTokenList, AlertDetail, AlertPage, AuditPage, DeviceDetail, DevicePage, Health, IssuedToken, RevokedToken, Suppression, SuppressionPage,
} from './schemas.js';
import { ClusterDetail, ClusterPage } from './cluster-schemas.js';
import { CompliancePage } from './compliance-schemas.js';
import { AlertStats } from './alert-stats-schemas.js';
import { CONSOLE_ROUTE_DOCS } from './console-route-docs.js';
import { OUTPUT_ROUTE_DOCS } from './output-route-docs.js';

/** Who may call: nobody needs a token, the enrol secret in the body, an agent token, or an admin token of at least a role. */
export type Access = 'public' | 'enroll_secret' | 'agent' | 'viewer' | 'analyst' | 'admin';

export interface RouteDoc {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify syntax (`/api/v1/alerts/:id`). */
  path: string;
  summary: string;
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success answers by status; a status without a schema has no body. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error statuses this route answers besides 401/403/429/500 (which every authenticated route may). */
  errors?: number[];
}

const alertAction = (name: string, summary: string, body: z.ZodType): RouteDoc => ({
  method: 'POST', path: `/api/v1/alerts/:id/${name}`, summary, access: 'analyst', body,
  responses: { 200: { description: 'The alert after the change, with its notes.', schema: AlertDetail } }, errors: [400, 404, 409],
});

export const ROUTE_DOCS: RouteDoc[] = [
  { method: 'GET', path: '/healthz', summary: 'Liveness.', access: 'public', responses: { 200: { description: 'Up.', schema: Health } } },
  {
    method: 'POST', path: '/api/v1/enroll', summary: 'Trade the enrol secret for an agent id and token.', access: 'enroll_secret',
    body: EnrollRequest, responses: { 201: { description: 'Enrolled; the token is shown only here.', schema: EnrollResponse } }, errors: [400, 413, 415, 503],
  },
  {
    method: 'POST', path: '/api/v1/reports', summary: 'Deliver one scan (idempotent on reportId).', access: 'agent', body: Report,
    responses: { 202: { description: 'Stored, or a duplicate of a stored report.', schema: ReportAccepted } }, errors: [400, 409, 413, 415],
  },
  {
    method: 'GET', path: '/api/v1/policy', summary: 'The policy for agents, with a strong ETag (If-None-Match: 304).', access: 'agent',
    responses: { 200: { description: 'The policy.', schema: Policy }, 304: { description: 'Unchanged since the ETag sent.' } },
  },
  {
    method: 'GET', path: '/api/v1/devices', summary: 'Enrolled devices, most recent activity first.', access: 'viewer', query: DeviceListQuery,
    responses: { 200: { description: 'A page of devices.', schema: DevicePage } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/devices/:id', summary: "One device and its latest report's findings.", access: 'viewer',
    responses: { 200: { description: 'The device.', schema: DeviceDetail } }, errors: [404],
  },
  {
    method: 'GET', path: '/api/v1/alerts', summary: 'Alerts, most recently seen first.', access: 'viewer', query: AlertListQuery,
    responses: { 200: { description: 'A page of alerts.', schema: AlertPage } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/alerts/stats', summary: 'Alerts first seen per UTC day by category and severity (days: 1-90, default 14).',
    access: 'viewer', query: AlertStatsQuery, responses: { 200: { description: 'The days of the period and the counts.', schema: AlertStats } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/alerts/:id', summary: 'One alert with its notes.', access: 'viewer',
    responses: { 200: { description: 'The alert.', schema: AlertDetail } }, errors: [404],
  },
  alertAction('acknowledge', 'Acknowledge an open alert.', AcknowledgeBody),
  alertAction('assign', 'Assign (or with null unassign) an unresolved alert.', AssignBody),
  alertAction('notes', 'Append a note to an alert.', NoteBody),
  alertAction('resolve', 'Resolve an alert as true_positive, false_positive or benign, with an optional note.', ResolveBody),
  {
    method: 'GET', path: '/api/v1/clusters', summary: 'Co-location clusters (devices of different employees on one network), highest score first.',
    access: 'viewer', query: ClusterListQuery, responses: { 200: { description: 'A page of clusters.', schema: ClusterPage } }, errors: [400, 503],
  },
  {
    method: 'GET', path: '/api/v1/clusters/:id', summary: 'One cluster: members, links with their evidence and time windows, score breakdown, reasons.',
    access: 'viewer', responses: { 200: { description: 'The cluster.', schema: ClusterDetail } }, errors: [404, 503],
  },
  {
    method: 'GET', path: '/api/v1/audit', summary: 'The audit log, newest first.', access: 'analyst', query: AuditQuery,
    responses: { 200: { description: 'A page of audit entries.', schema: AuditPage } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/suppressions', summary: 'Suppression rules, newest first.', access: 'viewer', query: SuppressionListQuery,
    responses: { 200: { description: 'A page of rules.', schema: SuppressionPage } }, errors: [400],
  },
  {
    method: 'POST', path: '/api/v1/suppressions', summary: 'Create a suppression rule.', access: 'analyst', body: SuppressionBody,
    responses: { 201: { description: 'The rule.', schema: Suppression } }, errors: [400, 413, 415],
  },
  {
    method: 'DELETE', path: '/api/v1/suppressions/:id', summary: 'Delete a suppression rule.', access: 'analyst',
    responses: { 204: { description: 'Deleted.' } }, errors: [404],
  },
  {
    method: 'GET', path: '/api/v1/admin/policy', summary: 'The policy agents receive, with its ETag.', access: 'admin',
    responses: { 200: { description: 'The policy.', schema: Policy } },
  },
  {
    method: 'PUT', path: '/api/v1/admin/policy', summary: 'Replace the policy (optional If-Match); agents get it at their next fetch.', access: 'admin',
    body: PolicyBody, responses: { 200: { description: 'The stored policy, with its new ETag.', schema: Policy } }, errors: [400, 409, 413, 415],
  },
  {
    method: 'GET', path: '/api/v1/tokens', summary: 'Admin API tokens (no secrets).', access: 'admin',
    responses: { 200: { description: 'Every token, revoked ones included.', schema: AdminTokenList } },
  },
  {
    method: 'POST', path: '/api/v1/tokens', summary: 'Mint an admin API token.', access: 'admin', body: TokenBody,
    responses: { 201: { description: 'The token and, only here, its secret.', schema: IssuedToken } }, errors: [400, 413, 415],
  },
  {
    method: 'DELETE', path: '/api/v1/tokens/:id', summary: 'Revoke an admin API token (not the last admin one).', access: 'admin',
    responses: { 200: { description: 'The revoked token.', schema: RevokedToken } }, errors: [404, 409],
  },
  // Inventory and offices (server/routes/inventory.ts, offices.ts); responses described in docs/api.md.
  {
    method: 'GET', path: '/api/v1/inventory', summary: 'The asset inventory (device -> employee, claimed location), paged.', access: 'viewer',
    query: z.object({ limit: z.string().optional(), offset: z.string().optional() }),
    responses: { 200: { description: 'A page of inventory records.' } }, errors: [400],
  },
  {
    method: 'POST', path: '/api/v1/inventory', summary: 'Import inventory records as JSON (records, or { records }) or CSV (text/csv, header row); ?replace=true drops omitted records.',
    access: 'admin', query: z.object({ replace: z.enum(['true', 'false', '1', '0']).optional() }), body: z.union([z.array(InventoryRecordInput), z.object({ records: z.array(InventoryRecordInput) })]),
    responses: { 200: { description: 'Import counts.' } }, errors: [400, 413, 415],
  },
  {
    method: 'GET', path: '/api/v1/offices', summary: 'Declared office networks.', access: 'viewer',
    responses: { 200: { description: 'Every office.' } },
  },
  {
    method: 'POST', path: '/api/v1/offices', summary: 'Declare an office network (egress CIDRs, gateway MAC hashes).', access: 'admin', body: OfficeInput,
    responses: { 201: { description: 'The office.' } }, errors: [400, 413, 415],
  },
  {
    method: 'DELETE', path: '/api/v1/offices/:id', summary: 'Delete an office network.', access: 'admin',
    responses: { 204: { description: 'Deleted.' } }, errors: [404],
  },
  // Compliance (server/routes/compliance.ts).
  {
    method: 'GET', path: '/api/v1/compliance', summary: 'Compliance against the policy: coverage, failing devices with reasons, devices never seen.',
    access: 'viewer', query: ComplianceQuery, responses: { 200: { description: 'The summary and a page of devices (failing first).', schema: CompliancePage } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/compliance.csv', summary: 'The compliance report as CSV (text/csv), one row per device, every matching device.',
    access: 'viewer', query: ComplianceCsvQuery, responses: { 200: { description: 'text/csv with a header row.' } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/openapi.json', summary: 'This document.', access: 'viewer',
    responses: { 200: { description: 'OpenAPI 3.1 document.' } },
  },
  ...CONSOLE_ROUTE_DOCS,
  ...OUTPUT_ROUTE_DOCS,
];
