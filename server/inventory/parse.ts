// Inventory files (CSV with a header row, or JSON) -> validated records. Every problem is
// reported, by CSV line number or JSON position, and a file with any problem imports nothing.
import { parse as parseCsv } from 'csv-parse/sync';
import type { FieldIssue } from '../../shared/index.js';
import { InventoryRecordInput, inventoryKey } from './record.js';

export const INVENTORY_FORMATS = ['csv', 'json'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** Most problems listed in one answer. */
export const MAX_ISSUES = 50;
/** Most records in one import. */
export const MAX_RECORDS = 100_000;

export class InventoryFormatError extends Error {
  override name = 'InventoryFormatError';

  constructor(readonly issues: FieldIssue[]) {
    super(`The inventory has ${issues.length >= MAX_ISSUES ? `at least ${MAX_ISSUES}` : issues.length} problem(s):\n  ${
      issues.map((i) => `${i.path}: ${i.message}`).join('\n  ')}`);
  }
}

/** CSV header -> record field; snake_case and camelCase are both accepted. */
const COLUMNS: Record<string, keyof InventoryRecordInput> = {
  serial: 'serial', hostname: 'hostname', employee_id: 'employeeId', employee_name: 'employeeName',
  city: 'city', country: 'country', latitude: 'latitude', longitude: 'longitude', work_mode: 'workMode',
};
const NUMERIC = new Set<keyof InventoryRecordInput>(['latitude', 'longitude']);

const snake = (name: string) => name.trim().replace(/([a-z])([A-Z])/g, '$1_$2').replace(/[\s-]+/g, '_').toLowerCase();

interface Candidate {
  /** Where the record is, for messages: `line 3` or `records.2`. */
  where: string;
  value: unknown;
}

function validate(candidates: Candidate[], issues: FieldIssue[]): InventoryRecordInput[] {
  const records: InventoryRecordInput[] = [];
  const seen = new Map<string, string>();
  for (const { where, value } of candidates) {
    if (issues.length >= MAX_ISSUES) break;
    const parsed = InventoryRecordInput.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: issue.path.length ? `${where}.${issue.path.join('.')}` : where, message: issue.message });
      }
      continue;
    }
    const key = inventoryKey(parsed.data);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ path: where, message: `same ${key.split(':')[0]} as ${first} (${key.slice(key.indexOf(':') + 1)})` });
      continue;
    }
    seen.set(key, where);
    records.push(parsed.data);
  }
  return records;
}

function csvCandidates(text: string, issues: FieldIssue[]): Candidate[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { info: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    const { lines } = error as { lines?: number };
    issues.push({ path: lines === undefined ? '(file)' : `line ${lines}`, message: `not valid CSV: ${(error as Error).message}` });
    return [];
  }
  const [header, ...body] = rows;
  if (!header) {
    issues.push({ path: 'line 1', message: `expected a header row naming the columns (${Object.keys(COLUMNS).join(', ')})` });
    return [];
  }
  const fields = header.record.map((name) => COLUMNS[snake(name)]);
  header.record.forEach((name, i) => {
    if (!fields[i]) issues.push({ path: `line ${header.info.lines}`, message: `unknown column "${name}"; expected ${Object.keys(COLUMNS).join(', ')}` });
  });
  if (issues.length) return [];
  if (body.length > MAX_RECORDS) {
    issues.push({ path: '(file)', message: `at most ${MAX_RECORDS} records per import` });
    return [];
  }
  return body.flatMap(({ record, info }) => {
    if (record.length !== fields.length) {
      issues.push({ path: `line ${info.lines}`, message: `expected ${fields.length} columns as in the header, got ${record.length}` });
      return [];
    }
    const value: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      const field = fields[i]!;
      if (cell === '') return;
      value[field] = NUMERIC.has(field) && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    });
    return [{ where: `line ${info.lines}`, value }];
  });
}

function jsonCandidates(value: unknown, issues: FieldIssue[]): Candidate[] {
  const list = Array.isArray(value) ? value : (value as { records?: unknown } | null)?.records;
  if (!Array.isArray(list)) {
    issues.push({ path: '(root)', message: 'expected an array of records, or { "records": [...] }' });
    return [];
  }
  if (list.length > MAX_RECORDS) {
    issues.push({ path: 'records', message: `at most ${MAX_RECORDS} records per import` });
    return [];
  }
  return list.map((item, i) => ({ where: `records.${i}`, value: item }));
}

/** Validates parsed JSON (an array of records or `{ records }`); throws InventoryFormatError. */
export function parseInventoryJson(value: unknown): InventoryRecordInput[] {
  const issues: FieldIssue[] = [];
  const records = validate(jsonCandidates(value, issues), issues);
  if (issues.length) throw new InventoryFormatError(issues.slice(0, MAX_ISSUES));
  return records;
}

/** Parses and validates CSV text with a header row; throws InventoryFormatError. */
export function parseInventoryCsv(text: string): InventoryRecordInput[] {
  const issues: FieldIssue[] = [];
  const records = validate(csvCandidates(text, issues), issues);
  if (issues.length) throw new InventoryFormatError(issues.slice(0, MAX_ISSUES));
  return records;
}

/** Parses file text in `format`; JSON syntax errors are reported like validation problems. */
export function parseInventoryText(text: string, format: InventoryFormat): InventoryRecordInput[] {
  if (format === 'csv') return parseInventoryCsv(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InventoryFormatError([{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseInventoryJson(value);
}
