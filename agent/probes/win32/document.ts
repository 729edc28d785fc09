// The JSON document COLLECT_SCRIPT prints, and safe readers over it. Every section is an array
// of records (or lines of text), or `{ error }` when the script could not collect it.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };
export type Win32Document = Record<string, Json>;

export const WIN32_SECTIONS = [
  'host', 'processes', 'pnp', 'pnpProperties', 'usbHistory', 'monitors', 'edids', 'adapters', 'ipAddresses', 'dhcp', 'routes',
  'neighbours', 'tcp', 'services', 'rdp', 'programs', 'wininet', 'winhttp', 'dns', 'wlan', 'battery', 'acPower', 'sleep',
] as const;
export type Win32Section = (typeof WIN32_SECTIONS)[number];

export class SectionError extends Error {
  constructor(section: string, reason: string) {
    super(`PowerShell section '${section}': ${reason}`);
    this.name = 'SectionError';
  }
}

const isRecord = (value: Json | undefined): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses the script's stdout; a clear error names what is wrong with it. */
export function parseWin32Document(stdout: string): Win32Document {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new Error('PowerShell printed nothing');
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (error) {
    throw new Error(`PowerShell output is not JSON (${(error as Error).message}): ${text.slice(0, 200)}`);
  }
  if (!isRecord(value)) throw new Error('PowerShell output is not a JSON object');
  return value;
}

/** A section's entries; throws when the script reported an error for it or it is missing. */
export function section(document: Win32Document, name: Win32Section): Json[] {
  if (!(name in document)) throw new SectionError(name, 'missing from the output');
  const value = document[name];
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isRecord(value) && typeof value.error === 'string') throw new SectionError(name, value.error);
  return [value];
}

/** Like `section`, but a failure only becomes a warning (for sources that enrich a part). */
export function optionalSection(document: Win32Document, name: Win32Section, warn?: (message: string) => void): Json[] {
  try {
    return section(document, name);
  } catch (error) {
    warn?.((error as Error).message);
    return [];
  }
}

export const records = (entries: readonly Json[]): JsonRecord[] => entries.filter(isRecord);

/** Text sections (netsh, powercfg) arrive as one entry per line. */
export const lines = (entries: readonly Json[]): string => entries.filter((e): e is string => typeof e === 'string').join('\n');

export const str = (value: Json | undefined): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

export const int = (value: Json | undefined): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

export const strings = (value: Json | undefined): string[] => {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
};

export const bytes = (value: Json | undefined): number[] | undefined => {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255) ? (value as number[]) : undefined;
};
