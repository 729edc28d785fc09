// EDID base-block decoder (VESA E-EDID 1.3/1.4, bytes 0-127): the identity fields a display
// presents (PNP manufacturer id, product code, serial), its physical size and its text descriptors.
// Pure; extension blocks are ignored.

export const EDID_BLOCK_BYTES = 128;
const HEADER = '00ffffffffffff00';
const DESCRIPTOR_OFFSETS = [54, 72, 90, 108] as const;
const TAG_SERIAL_TEXT = 0xff;
const TAG_UNSPECIFIED_TEXT = 0xfe;
const TAG_MONITOR_NAME = 0xfc;

export interface DecodedEdid {
  /** Three-letter PNP id (`DEL`, `LNX`, `TSB`). */
  manufacturer: string;
  productCode: number;
  /** 32-bit serial number field (0 when the vendor left it unset). */
  serialNumber: number;
  /** Week of manufacture (0 unknown, 0xff: the year is a model year). */
  week: number;
  year: number;
  version: string;
  /** Maximum image size in cm (0 x 0: undefined, as projectors and capture bridges report). */
  widthCm: number;
  heightCm: number;
  /** Display descriptor 0xFC. */
  name?: string;
  /** Display descriptor 0xFF. */
  serialText?: string;
  /** Display descriptor 0xFE. */
  text?: string;
  /** The 128 bytes of the base block sum to 0 mod 256. */
  checksumValid: boolean;
}

export class EdidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EdidError';
  }
}

/** `LNX` from the big-endian 16-bit field: three 5-bit letters, 1 = A. */
function decodePnpId(value: number): string {
  return [10, 5, 0].map((shift) => {
    const code = (value >> shift) & 0x1f;
    return code >= 1 && code <= 26 ? String.fromCharCode(64 + code) : '?';
  }).join('');
}

/** Descriptor text: up to 13 bytes, ended by 0x0a and padded with spaces. */
function descriptorText(block: Uint8Array, offset: number): string {
  let text = '';
  for (let i = offset + 5; i < offset + 18; i++) {
    const byte = block[i] as number;
    if (byte === 0x0a || byte === 0x00) break;
    text += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '?';
  }
  return text.trim();
}

function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new EdidError('EDID hex must be an even number of hex digits');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Decodes the base block of an EDID given as bytes or hex; throws EdidError when it is not one. */
export function decodeEdid(input: Uint8Array | string): DecodedEdid {
  const bytes = typeof input === 'string' ? hexToBytes(input) : input;
  if (bytes.length < EDID_BLOCK_BYTES) throw new EdidError(`EDID has ${bytes.length} bytes, a base block needs ${EDID_BLOCK_BYTES}`);
  const block = bytes.subarray(0, EDID_BLOCK_BYTES);
  const header = Array.from(block.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  if (header !== HEADER) throw new EdidError(`EDID header is ${header}, expected ${HEADER}`);
  const u8 = (i: number) => block[i] as number;
  let sum = 0;
  for (const b of block) sum += b;
  const texts = new Map<number, string>();
  for (const offset of DESCRIPTOR_OFFSETS) {
    // Display descriptors start with a zero pixel clock; detailed timings do not.
    if (u8(offset) !== 0 || u8(offset + 1) !== 0) continue;
    const tag = u8(offset + 3);
    if ((tag === TAG_MONITOR_NAME || tag === TAG_SERIAL_TEXT || tag === TAG_UNSPECIFIED_TEXT) && !texts.has(tag)) texts.set(tag, descriptorText(block, offset));
  }
  const nonEmpty = (s: string | undefined) => (s ? s : undefined);
  return {
    manufacturer: decodePnpId((u8(8) << 8) | u8(9)),
    productCode: u8(10) | (u8(11) << 8),
    serialNumber: (u8(12) | (u8(13) << 8) | (u8(14) << 16) | (u8(15) << 24)) >>> 0,
    week: u8(16),
    year: 1990 + u8(17),
    version: `${u8(18)}.${u8(19)}`,
    widthCm: u8(21),
    heightCm: u8(22),
    name: nonEmpty(texts.get(TAG_MONITOR_NAME)),
    serialText: nonEmpty(texts.get(TAG_SERIAL_TEXT)),
    text: nonEmpty(texts.get(TAG_UNSPECIFIED_TEXT)),
    checksumValid: sum % 256 === 0,
  };
}

/** `LNX 0x7770` style label for wording and evidence. */
export const edidIdLabel = (e: DecodedEdid) => `${e.manufacturer} 0x${e.productCode.toString(16).padStart(4, '0')}`;
export const hex32 = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
