// Validation of incoming reports with a fast path. The shared zod schema is the contract; ajv
// compiles the same schema (z.toJSONSchema, output form) into plain JavaScript that checks a
// report several times faster than zod interprets it (README "Collector ingest").
//
// The compiled check only answers "already exactly what zod would return": every field zod
// defaults is present, no unknown key, every constraint met. When it says yes, the value is the
// report as is (test/server/ingest/report-validator.test.ts holds it to zod on thousands of
// mutated reports). Anything else, including every invalid report, goes to zod, which strips
// unknown keys, fills defaults, or names the failing fields; so the fast path changes no answer.
import { Ajv } from 'ajv';
import { z } from 'zod';
import { Report, fieldIssues, type FieldIssue } from '../../shared/index.js';

export type ValidationResult = { ok: true; report: Report } | { ok: false; issues: FieldIssue[] };

function compile(): (value: unknown) => boolean {
  // Output form: defaulted fields are required and objects refuse unknown keys. The shared
  // schemas carry their refinements as JSON Schema too (`.meta`: NUL-free pattern, maxProperties).
  const { $schema: _draft, ...schema } = z.toJSONSchema(Report, { target: 'draft-7' }) as Record<string, unknown>;
  const ajv = new Ajv({
    // zod's .max() counts code points; UTF-16 units are never fewer, so this check is as strict or
    // stricter (a string of astral characters near the limit goes to zod), and it skips counting.
    unicode: false,
    // zod's string formats come with their exact regexes as `pattern`; the format names add nothing.
    validateFormats: false,
    allErrors: false,
    // `unicode` is deprecated in ajv 8 (it still works): keep the notice out of the collector's log.
    logger: false,
  });
  return ajv.compile(schema);
}

let compiled: ((value: unknown) => boolean) | undefined;

/** The compiled fast check (built on first use: compiling takes tens of milliseconds). */
export function isCanonicalReport(value: unknown): value is Report {
  compiled ??= compile();
  return compiled(value);
}

export function validateReport(value: unknown): ValidationResult {
  if (isCanonicalReport(value)) return { ok: true, report: value };
  const parsed = Report.safeParse(value);
  return parsed.success ? { ok: true, report: parsed.data } : { ok: false, issues: fieldIssues(parsed.error) };
}
