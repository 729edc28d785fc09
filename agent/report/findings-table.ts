// Findings as an aligned text table for people at a terminal, most severe first.
import { SEVERITY_RANK, type Finding } from '../../shared/index.js';

const COLUMNS = ['SEVERITY', 'SIGNAL', 'SUBJECT', 'SUMMARY'] as const;
const MAX_SUBJECT = 40;

export function findingsTable(findings: Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const rows = [...findings]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.signal.localeCompare(b.signal))
    .map((f) => [f.severity, f.signal, clip(oneLine(f.subject), MAX_SUBJECT), oneLine(f.summary)]);
  const all = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '))
    .join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
