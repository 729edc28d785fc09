// Posting one report and deciding what the spool does with it. Only answers that blame the
// report itself (bad schema, too big) reject it; an auth or routing problem stops delivery and
// keeps every report queued until it is fixed.
import { ReportAccepted, type Report } from '../../shared/index.js';
import type { Logger } from '../log.js';
import type { DeliveryVerdict, ReportSender } from './spool.js';
import { describeApiError, type Transport } from './transport.js';

/** Statuses meaning "this report can never be accepted". */
const REPORT_REFUSED = new Set([400, 413, 415, 422]);

export function reportSender(transport: Transport, log: Logger): ReportSender {
  return async (report: Report): Promise<DeliveryVerdict> => {
    const outcome = await transport.request('POST', '/api/v1/reports', { data: report });
    if (outcome.kind === 'gave_up') return { kind: 'stop', reason: outcome.reason };
    if (outcome.kind === 'client_error') {
      if (REPORT_REFUSED.has(outcome.status)) return { kind: 'rejected', status: outcome.status, error: outcome.data };
      const hint = outcome.status === 401 || outcome.status === 403 ? '; the agent token was refused: re-enrol this agent' : '';
      return { kind: 'stop', reason: `HTTP ${outcome.status} ${describeApiError(outcome.data)}${hint}` };
    }
    const accepted = ReportAccepted.safeParse(outcome.data);
    if (accepted.success && accepted.data.duplicate) log.debug({ reportId: report.reportId }, 'the collector already had this report');
    if (!accepted.success) log.warn({ status: outcome.status }, 'the collector accepted a report with an unexpected answer body');
    return { kind: 'accepted' };
  };
}
