// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break.
// Text cells starting with = + - @ (or tab / CR) are prefixed with ' so a spreadsheet shows them
// as text instead of running them as formulas (OWASP "CSV injection").
export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  // Numbers and booleans are data, not formulas: -5 stays -5.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvLine(columns.map((column) => column.header));
}

export function csvRow<T>(columns: readonly CsvColumn<T>[], row: T): string {
  return csvLine(columns.map((column) => column.value(row)));
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: Iterable<T>): string {
  let out = csvHeader(columns);
  for (const row of rows) out += csvRow(columns, row);
  return out;
}

/** Header then one line per row, for streaming a large export (e.g. `Readable.from(...)` as a reply). */
export async function* csvStream<T>(columns: readonly CsvColumn<T>[], rows: AsyncIterable<T> | Iterable<T>): AsyncGenerator<string> {
  yield csvHeader(columns);
  for await (const row of rows) yield csvRow(columns, row);
}
