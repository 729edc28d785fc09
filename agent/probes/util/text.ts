// Small text helpers shared by the probes: every fact field has a hard length cap in the schema.

/**
 * Cuts a string to at most `max` characters so it always fits its schema field. NUL characters
 * (device strings sometimes carry them) are dropped: the wire schema refuses them.
 */
export function clip(value: string, max: number): string {
  const clean = value.includes('\0') ? value.replaceAll('\0', '') : value;
  return clean.length <= max ? clean : clean.slice(0, max);
}

/** Like `clip`, but maps empty and missing values to undefined. */
export function clipOptional(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : clip(trimmed, max);
}

/** Error message of anything thrown, for a probe's health entry. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Lowercase hex of a byte-sized or 16-bit sysfs value (`1D6B\n` -> `1d6b`), or undefined if malformed. */
export function normaliseHex(value: string | undefined, digits: 2 | 4): string | undefined {
  if (value === undefined) return undefined;
  const hex = value.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(hex) || hex.length > digits) return undefined;
  return hex.padStart(digits, '0');
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Lowercase colon-separated MAC, or undefined for malformed and all-zero addresses. */
export function normaliseMac(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const mac = value.trim().toLowerCase().replace(/-/g, ':');
  if (!MAC.test(mac) || mac === '00:00:00:00:00:00') return undefined;
  return mac;
}
