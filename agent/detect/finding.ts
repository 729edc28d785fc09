// Building findings: category and default severity come from the signal catalogue; text and
// evidence are clipped to the wire limits so a long process path can never invalidate a report.
import { SEVERITY_RANK, signal } from '../../shared/index.js';
import type { EvidenceValue, Finding, Severity, SignalId } from '../../shared/index.js';

const MAX_SUBJECT = 255;
const MAX_SUMMARY = 1024;
const MAX_EVIDENCE_STRING = 2048;
const MAX_ARRAY_ITEMS = 64;
const MAX_ARRAY_ITEM = 512;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export type EvidenceInput = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface FindingInput {
  subject: string;
  summary: string;
  evidence: EvidenceInput;
  /** Overrides the signal's default severity (policy, catalogue or lower-confidence context). */
  severity?: Severity;
}

export function makeFinding(id: SignalId, input: FindingInput): Finding {
  const def = signal(id);
  const evidence: Record<string, EvidenceValue> = {};
  for (const [key, value] of Object.entries(input.evidence)) {
    if (value === undefined) continue;
    if (typeof value === 'string') evidence[key] = clip(value, MAX_EVIDENCE_STRING);
    else if (Array.isArray(value)) evidence[key] = value.slice(0, MAX_ARRAY_ITEMS).map((v: string) => clip(v, MAX_ARRAY_ITEM));
    else evidence[key] = value as number | boolean | null;
  }
  return {
    signal: def.id,
    category: def.category,
    severity: input.severity ?? def.severity,
    subject: clip(input.subject, MAX_SUBJECT),
    summary: clip(input.summary, MAX_SUMMARY),
    evidence,
  };
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then by signal, subject and evidence, so equal facts give equal output. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
    || byCode(a.signal, b.signal)
    || byCode(a.subject, b.subject)
    || byCode(JSON.stringify(a.evidence), JSON.stringify(b.evidence)));
}

/** Distinct strings in first-seen order. */
export const unique = (values: Iterable<string>): string[] => [...new Set(values)];
