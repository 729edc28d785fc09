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
import { NO_NUL_PATTERN, Report, fieldIssues, type FieldIssue } from '../../shared/index.js';

export type ValidationResult = { ok: true; report: Report } | { ok: false; issues: FieldIssue[] };

type JsonSchema = { [key: string]: unknown };
const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every subschema of `schema`, rebuilt bottom-up by `rewrite`. */
function mapSchemas(schema: unknown, rewrite: (s: JsonSchema) => JsonSchema): unknown {
  if (Array.isArray(schema)) return schema.map((s) => mapSchemas(s, rewrite));
  if (!isSchema(schema)) return schema;
  return rewrite(Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, mapSchemas(v, rewrite)])));
}

const DISJOINT_TYPES = new Set(['string', 'number', 'boolean', 'null', 'array', 'object']);

/**
 * anyOf whose branches each take one different JSON type, as an if/then/else chain on the type.
 * Same answer; but ajv builds an error object (with its escaped path) for every anyOf branch that
 * fails before one passes, which for evidence values (string | number | boolean | null | array)
 * was a third of a report's validation. An `if` is checked without building errors.
 */
function anyOfByType(schema: JsonSchema): JsonSchema {
  const { anyOf, ...rest } = schema;
  if (!Array.isArray(anyOf) || !anyOf.every(isSchema)) return schema;
  const types = anyOf.map((branch) => branch.type);
  if (!types.every((t) => typeof t === 'string' && DISJOINT_TYPES.has(t)) || new Set(types).size !== types.length) return schema;
  const chain = anyOf.reduceRight<JsonSchema | boolean>((otherwise, branch) => ({ if: { type: branch.type }, then: branch, else: otherwise }), false);
  return { ...rest, ...(chain as JsonSchema) };
}

function withoutNulPatterns(schema: JsonSchema): JsonSchema {
  const { pattern, ...rest } = schema;
  return pattern === NO_NUL_PATTERN ? rest : schema;
}

function compile(nulPatterns: boolean): (value: unknown) => boolean {
  // Output form: defaulted fields are required and objects refuse unknown keys. The shared
  // schemas carry their refinements as JSON Schema too (`.meta`: NUL-free pattern, maxProperties).
  const { $schema: _draft, ...generated } = z.toJSONSchema(Report, { target: 'draft-7' }) as JsonSchema;
  const schema = mapSchemas(generated, (s) => anyOfByType(nulPatterns ? s : withoutNulPatterns(s))) as JsonSchema;
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

// Built on first use: compiling takes tens of milliseconds.
let withNulChecks: ((value: unknown) => boolean) | undefined;
let nulFree: ((value: unknown) => boolean) | undefined;

/**
 * The compiled fast check. `mayHoldNul`: false only for a value parsed from JSON text without
 * `\u` escapes. JSON cannot carry U+0000 raw, so such a value holds no NUL character and the
 * check skips the NUL pattern on every string (about a seventh of the check in perf samples).
 */
export function isCanonicalReport(value: unknown, mayHoldNul = true): value is Report {
  if (mayHoldNul) return (withNulChecks ??= compile(true))(value);
  return (nulFree ??= compile(false))(value);
}

export function validateReport(value: unknown, mayHoldNul = true): ValidationResult {
  if (isCanonicalReport(value, mayHoldNul)) return { ok: true, report: value };
  const parsed = Report.safeParse(value);
  return parsed.success ? { ok: true, report: parsed.data } : { ok: false, issues: fieldIssues(parsed.error) };
}
