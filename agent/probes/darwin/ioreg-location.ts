// USB location ids as system_profiler prints them (`0x01120000`), from ioreg's integers.
export function locationHex(value: number | undefined): string | undefined {
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > 0xffffffff) return undefined;
  return `0x${value.toString(16).padStart(8, '0')}`;
}

export const hex2 = (value: number | undefined): string | undefined =>
  value !== undefined && Number.isInteger(value) && value >= 0 && value <= 0xff ? value.toString(16).padStart(2, '0') : undefined;

export const hex4 = (value: number | undefined): string | undefined =>
  value !== undefined && Number.isInteger(value) && value >= 0 && value <= 0xffff ? value.toString(16).padStart(4, '0') : undefined;
