// JSON exports: one document with when it was made, what it holds and the items as the API shows them.
export type ExportKind = 'alerts' | 'devices';

export interface JsonExport<T> {
  exportedAt: string;
  kind: ExportKind;
  count: number;
  items: T[];
}

export function jsonExport<T>(kind: ExportKind, items: readonly T[], exportedAt: string): JsonExport<T> {
  return { exportedAt, kind, count: items.length, items: [...items] };
}

/** The export as pretty-printed text with a final newline, ready to download. */
export function jsonExportText<T>(kind: ExportKind, items: readonly T[], exportedAt: string): string {
  return `${JSON.stringify(jsonExport(kind, items, exportedAt), null, 2)}\n`;
}
