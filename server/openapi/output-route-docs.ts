// Routes of alert outputs, the delivery log, metrics and exports (server/routes/collector-outputs.ts).
import { z } from 'zod';
import { AlertExportQuery, DeviceExportQuery, StixQuery } from '../routes/exports.js';
import { DeliveryLogQuery } from '../routes/outputs.js';
import { OutputConfig } from '../outputs/types.js';
import type { RouteDoc } from './route-docs.js';

const Time = z.string().describe('ISO-8601');
const OutputView = z.intersection(OutputConfig, z.object({
  createdAt: Time,
  updatedAt: Time,
  pending: z.object({
    count: z.number().int(),
    oldestEnqueuedAt: z.union([Time, z.null()]),
    nextAttemptAt: z.union([Time, z.null()]).describe('When the head of the queue is tried again.'),
    lastError: z.union([z.string(), z.null()]),
  }),
})).describe('An output; secret, token, Slack/Teams webhookUrl and webhook header values are shown as ********.');
const OutputList = z.object({ outputs: z.array(OutputView) });
const DeletedOutput = z.object({ id: z.string(), discardedDeliveries: z.number().int() });
const TestResult = z.object({
  ok: z.boolean(), status: z.union([z.number().int(), z.null()]), error: z.union([z.string(), z.null()]), durationMs: z.number().int(), eventId: z.uuid(),
});
const DeliveryAttempt = z.object({
  deliveryId: z.string(), outputId: z.string(), eventId: z.string(), alertId: z.string(), attempt: z.number().int(), ok: z.boolean(),
  status: z.union([z.number().int(), z.null()]), error: z.union([z.string(), z.null()]), durationMs: z.number().int(), at: Time,
  nextAttemptAt: z.union([Time, z.null()]),
});
const DeliveryPage = z.object({ deliveries: z.array(DeliveryAttempt), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const OUTPUT_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'GET', path: '/api/v1/outputs', summary: 'Alert outputs with their queue (secrets masked).', access: 'viewer',
    responses: { 200: { description: 'Every output.', schema: OutputList } },
  },
  {
    method: 'POST', path: '/api/v1/outputs', summary: 'Add an alert output (audited).', access: 'admin', body: OutputConfig,
    responses: { 201: { description: 'The output, secrets masked.', schema: OutputView } }, errors: [400, 409, 413, 415],
  },
  {
    method: 'GET', path: '/api/v1/outputs/deliveries', summary: 'The delivery log: every attempt, newest first.', access: 'viewer', query: DeliveryLogQuery,
    responses: { 200: { description: 'A page of attempts.', schema: DeliveryPage } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/outputs/:id', summary: 'One alert output with its queue (secrets masked).', access: 'viewer',
    responses: { 200: { description: 'The output.', schema: OutputView } }, errors: [404],
  },
  {
    method: 'PUT', path: '/api/v1/outputs/:id', summary: 'Replace an alert output (audited); a secret sent as ******** keeps the stored one.',
    access: 'admin', body: OutputConfig, responses: { 200: { description: 'The output, secrets masked.', schema: OutputView } }, errors: [400, 404, 413, 415],
  },
  {
    method: 'DELETE', path: '/api/v1/outputs/:id', summary: 'Delete an alert output and what is still queued for it (audited).', access: 'admin',
    responses: { 200: { description: 'Deleted.', schema: DeletedOutput } }, errors: [404],
  },
  {
    method: 'POST', path: '/api/v1/outputs/:id/test', summary: 'Send a test event (signal farmwatch.test) to the output now; not queued, not logged.',
    access: 'admin', responses: { 200: { description: 'What the receiver answered.', schema: TestResult } }, errors: [404],
  },
  {
    method: 'GET', path: '/metrics', summary: 'Prometheus metrics (text format 0.0.4).', access: 'viewer',
    responses: { 200: { description: 'text/plain; version=0.0.4.' } },
  },
  {
    method: 'GET', path: '/api/v1/alerts/export', summary: 'Every alert matching the filters as CSV (streamed, formula-guarded) or JSON.',
    access: 'viewer', query: AlertExportQuery, responses: { 200: { description: 'text/csv with a header row, or a JSON export document.' } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/devices/export', summary: 'Every device as CSV (streamed, formula-guarded) or JSON.',
    access: 'viewer', query: DeviceExportQuery, responses: { 200: { description: 'text/csv with a header row, or a JSON export document.' } }, errors: [400],
  },
  {
    method: 'GET', path: '/api/v1/clusters/:id/stix', summary: 'A co-location cluster\'s indicators as a STIX 2.1 bundle (application/stix+json).',
    access: 'viewer', query: StixQuery, responses: { 200: { description: 'The bundle.' } }, errors: [400, 404, 409, 503],
  },
];
