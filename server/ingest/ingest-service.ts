// Ingest of agents' reports: decode, then group commit through the pipeline. The same service runs
// inside the ingest worker (server/ingest/worker.ts) and, in tests, in the calling thread.
import type { ApiErrorBody } from '../../shared/index.js';
import { ApiError } from '../errors.js';
import type { IpIntel } from '../geoip/types.js';
import { decodeReport } from './decode-report.js';
import { GroupCommit } from './group-commit.js';
import type { IngestItem, IngestPipeline, IngestResult } from './pipeline.js';

/** One POST /api/v1/reports, as the HTTP side hands it over. */
export interface IngestRequest {
  /** The agent the request's token belongs to. */
  agentId: string;
  receivedAt: string;
  ip: string;
  /** What GeoIP knows of `ip`, looked up on the HTTP thread (the databases are loaded once per process). */
  intel?: IpIntel;
  /** The request body as received (UTF-8 JSON), unparsed: its bytes move to the ingest thread uncopied. */
  body: Uint8Array;
}

export type IngestReply =
  | { ok: true; reportId: string; duplicate: boolean }
  | { ok: false; status: number; body: ApiErrorBody };

/** Most reports one transaction carries; more wait for the next. */
export const MAX_BATCH = 64;

const refuse = (error: ApiError): IngestReply => ({ ok: false, status: error.statusCode, body: error.toBody() });

function replyFor(reportId: string, result: IngestResult): IngestReply {
  switch (result.outcome) {
    case 'stored': return { ok: true, reportId, duplicate: false };
    case 'duplicate': return { ok: true, reportId, duplicate: true };
    case 'foreign_duplicate': return refuse(new ApiError('CONFLICT', 'This reportId was already used by another agent.'));
    case 'failed': return refuse(new ApiError('INTERNAL'));
  }
}

export class IngestService {
  readonly #commits: GroupCommit<IngestItem, IngestResult>;

  constructor(pipeline: IngestPipeline, maxBatch = MAX_BATCH) {
    this.#commits = new GroupCommit({ commit: (items) => pipeline.commit(items), maxBatch });
  }

  /** Reports decoded and waiting for their batch. */
  get waiting(): number {
    return this.#commits.waiting;
  }

  async submit({ agentId, receivedAt, ip, intel, body }: IngestRequest): Promise<IngestReply> {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    const decoded = decodeReport(text, agentId);
    if (!decoded.ok) return refuse(decoded.error);
    const { report } = decoded.decoded;
    const result = await this.#commits.submit({ ...decoded.decoded, receivedAt, ip, intel });
    return replyFor(report.reportId, result);
  }
}
