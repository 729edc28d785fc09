// An agent's request body to a validated Report, or the API error that refuses it. Runs where
// the report is processed (the ingest worker), so the HTTP thread never parses report bodies.
import secureJson from 'secure-json-parse';
import type { Report } from '../../shared/index.js';
import { ApiError } from '../errors.js';
import { validateReport } from './report-validator.js';

export interface DecodedReport {
  report: Report;
  /**
   * The text to archive: the validated report serialised again, never the request text, which may
   * repeat a key (JSON.parse keeps the last value, SQLite's JSON functions read the first).
   */
  body: string;
}

export type DecodeResult = { ok: true; decoded: DecodedReport } | { ok: false; error: ApiError };

/**
 * JSON.parse that refuses `__proto__` and `constructor.prototype` keys, as fastify's own JSON
 * parser does. A text without those words and without \u escapes (which could spell them) cannot
 * carry them: it skips secure-json-parse's escape-aware scan, the costlier part of a report's parse.
 */
function parseJson(text: string, escapes: boolean): { ok: true; value: unknown } | { ok: false } {
  try {
    const plain = !escapes && !text.includes('__proto__') && !text.includes('constructor');
    return { ok: true, value: plain ? JSON.parse(text) : secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) };
  } catch {
    return { ok: false };
  }
}

/** `agentId`: the agent the request's token belongs to; a report naming another agent is refused. */
export function decodeReport(text: string, agentId: string): DecodeResult {
  const escapes = text.includes('\\u');
  const json = text.trim() === '' ? { ok: false as const } : parseJson(text, escapes);
  if (!json.ok) return { ok: false, error: new ApiError('INVALID_JSON') };
  // Without \u escapes the text cannot spell a NUL character (JSON forbids it raw).
  const validated = validateReport(json.value, escapes);
  if (!validated.ok) return { ok: false, error: new ApiError('VALIDATION_FAILED', undefined, validated.issues) };
  const { report } = validated;
  if (report.agentId !== agentId) return { ok: false, error: new ApiError('FORBIDDEN', 'The report names a different agent than the token.') };
  return { ok: true, decoded: { report, body: JSON.stringify(report) } };
}
