// A small EDID 1.3 base-block encoder for constructed fixtures: identity fields, physical size,
// one 1920x1080@60 detailed timing, a monitor-name descriptor, an optional serial-string
// descriptor, range limits, and a correct checksum.

export interface EdidSpec {
  /** Three-letter PNP id, e.g. `LNX`. */
  manufacturer: string;
  productCode: number;
  serialNumber: number;
  /** Up to 13 characters. */
  name: string;
  serialText?: string;
  widthCm: number;
  heightCm: number;
  week?: number;
  year?: number;
}

const HEADER = [0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
/** 148.5 MHz 1920x1080@60 timing (CEA-861 VIC 16) with the image size patched in. */
const DTD_1080P = [0x02, 0x3a, 0x80, 0x18, 0x71, 0x38, 0x2d, 0x40, 0x58, 0x2c, 0x45, 0x00];

function encodePnpId(id: string): number {
  if (!/^[A-Z]{3}$/.test(id)) throw new Error(`PNP id must be three capital letters, got '${id}'`);
  return [...id].reduce((value, letter) => (value << 5) | (letter.charCodeAt(0) - 64), 0);
}

function textDescriptor(tag: number, text: string): number[] {
  if (text.length > 13 || !/^[\x20-\x7e]*$/.test(text)) throw new Error(`descriptor text must be at most 13 printable ASCII characters: '${text}'`);
  const bytes = [...text].map((c) => c.charCodeAt(0));
  if (bytes.length < 13) bytes.push(0x0a);
  while (bytes.length < 13) bytes.push(0x20);
  return [0x00, 0x00, 0x00, tag, 0x00, ...bytes];
}

function detailedTiming(widthCm: number, heightCm: number): number[] {
  const widthMm = widthCm * 10;
  const heightMm = heightCm * 10;
  return [...DTD_1080P, widthMm & 0xff, heightMm & 0xff, ((widthMm >> 8) << 4) | (heightMm >> 8), 0x00, 0x00, 0x1e];
}

const RANGE_LIMITS = [0x00, 0x00, 0x00, 0xfd, 0x00, 0x32, 0x4b, 0x1e, 0x51, 0x11, 0x00, 0x0a, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20];
const DUMMY = [0x00, 0x00, 0x00, 0x10, 0x00, ...new Array<number>(13).fill(0)];

export function encodeEdid(spec: EdidSpec): Buffer {
  const pnp = encodePnpId(spec.manufacturer);
  const bytes: number[] = [
    ...HEADER,
    pnp >> 8, pnp & 0xff,
    spec.productCode & 0xff, (spec.productCode >> 8) & 0xff,
    spec.serialNumber & 0xff, (spec.serialNumber >>> 8) & 0xff, (spec.serialNumber >>> 16) & 0xff, spec.serialNumber >>> 24,
    spec.week ?? 1, (spec.year ?? 2020) - 1990,
    0x01, 0x03, // EDID 1.3
    0x80, // digital input
    spec.widthCm, spec.heightCm,
    0x78, // gamma 2.2
    0x0a, // RGB colour, preferred timing in the first descriptor
    0xee, 0x91, 0xa3, 0x54, 0x4c, 0x99, 0x26, 0x0f, 0x50, 0x54, // sRGB-like chromaticity
    0x21, 0x08, 0x00, // established timings
    ...new Array<number>(16).fill(0x01), // no standard timings
    ...detailedTiming(spec.widthCm, spec.heightCm),
    ...textDescriptor(0xfc, spec.name),
    ...(spec.serialText === undefined ? DUMMY : textDescriptor(0xff, spec.serialText)),
    ...RANGE_LIMITS,
    0x00, // no extension blocks
  ];
  if (bytes.length !== 127) throw new Error(`EDID encoder produced ${bytes.length} bytes before the checksum`);
  const sum = bytes.reduce((total, b) => total + b, 0);
  bytes.push((256 - (sum % 256)) % 256);
  return Buffer.from(bytes);
}
