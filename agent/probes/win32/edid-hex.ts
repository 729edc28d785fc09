// EDID bytes as the schema wants them: lowercase hex of whole 128-byte blocks, at most 16 blocks.
const EDID_BLOCK = 128;
const MAX_EDID_BYTES = 2048;

export function edidBytesToHex(bytes: readonly number[] | Uint8Array | undefined): string | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  const length = Math.min(bytes.length, MAX_EDID_BYTES);
  const whole = length >= EDID_BLOCK ? length - (length % EDID_BLOCK) : length;
  return Buffer.from(Array.from(bytes).slice(0, whole)).toString('hex');
}
