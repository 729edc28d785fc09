// HID report descriptor parser (USB HID 1.11, §6.2.2): short items (main, global, local), long
// items skipped, global push/pop, nested collections. It yields the top-level application
// collections with their input fields, enough to tell a keyboard, a relative mouse, an absolute
// pointer (what IP-KVMs present) and a digitizer apart. Pure and linear in the descriptor length.

export const PAGE_GENERIC_DESKTOP = 0x01;
export const PAGE_KEYBOARD = 0x07;
export const PAGE_DIGITIZER = 0x0d;
export const USAGE_POINTER = 0x01;
export const USAGE_MOUSE = 0x02;
export const USAGE_KEYBOARD = 0x06;
export const USAGE_X = 0x30;
export const USAGE_Y = 0x31;

const MAIN = 0;
const GLOBAL = 1;
const LOCAL = 2;
const LONG_ITEM_PREFIX = 0xfe;
const MAX_STACK = 32;
const COLLECTION_APPLICATION = 0x01;

export interface HidField {
  kind: 'input' | 'output' | 'feature';
  /** Extended usages (page << 16 | id). */
  usages: number[];
  usageRanges: Array<[number, number]>;
  logicalMin: number;
  logicalMax: number;
  reportSize: number;
  reportCount: number;
  reportId?: number;
  constant: boolean;
  variable: boolean;
  relative: boolean;
}

export interface HidApplication {
  /** Extended usage of the application collection (page << 16 | id). */
  usage: number;
  fields: HidField[];
}

export interface ParsedHidDescriptor {
  applications: HidApplication[];
  itemCount: number;
}

export class HidDescriptorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HidDescriptorError';
  }
}

interface GlobalState {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  reportSize: number;
  reportCount: number;
  reportId?: number;
}

export const extendedUsage = (page: number, id: number) => ((page & 0xffff) * 0x10000) + (id & 0xffff);
export const usagePageOf = (usage: number) => Math.floor(usage / 0x10000);

function readUnsigned(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + (bytes[offset + i] as number);
  return value;
}

function toSigned(value: number, size: number): number {
  if (size === 0) return 0;
  const bits = size * 8;
  const limit = 2 ** (bits - 1);
  return value >= limit ? value - 2 ** bits : value;
}

function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new HidDescriptorError('report descriptor hex must be an even number of hex digits');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Parses a report descriptor given as bytes or hex; throws HidDescriptorError on a truncated or unbalanced one. */
export function parseHidDescriptor(input: Uint8Array | string): ParsedHidDescriptor {
  const bytes = typeof input === 'string' ? hexToBytes(input) : input;
  let global: GlobalState = { usagePage: 0, logicalMin: 0, logicalMax: 0, reportSize: 0, reportCount: 0 };
  const globalStack: GlobalState[] = [];
  let usages: number[] = [];
  let ranges: Array<[number, number]> = [];
  let usageMin: number | undefined;
  const applications: HidApplication[] = [];
  let current: HidApplication | undefined;
  let depth = 0;
  let itemCount = 0;
  const extend = (value: number, size: number) => (size === 4 ? value : extendedUsage(global.usagePage, value));
  const resetLocals = () => {
    usages = [];
    ranges = [];
    usageMin = undefined;
  };

  for (let offset = 0; offset < bytes.length;) {
    const prefix = bytes[offset] as number;
    if (prefix === LONG_ITEM_PREFIX) {
      const dataSize = bytes[offset + 1];
      if (dataSize === undefined || offset + 3 + dataSize > bytes.length) throw new HidDescriptorError(`truncated long item at byte ${offset}`);
      offset += 3 + dataSize;
      itemCount++;
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x03] as number;
    const type = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    if (offset + 1 + size > bytes.length) throw new HidDescriptorError(`truncated item 0x${prefix.toString(16)} at byte ${offset}`);
    const data = readUnsigned(bytes, offset + 1, size);
    offset += 1 + size;
    itemCount++;

    if (type === MAIN) {
      if (tag === 0x8 || tag === 0x9 || tag === 0xb) {
        const field: HidField = {
          kind: tag === 0x8 ? 'input' : tag === 0x9 ? 'output' : 'feature',
          usages, usageRanges: ranges,
          logicalMin: global.logicalMin, logicalMax: global.logicalMax,
          reportSize: global.reportSize, reportCount: global.reportCount,
          ...(global.reportId !== undefined ? { reportId: global.reportId } : {}),
          constant: (data & 0x01) !== 0, variable: (data & 0x02) !== 0, relative: (data & 0x04) !== 0,
        };
        current?.fields.push(field);
      } else if (tag === 0xa) {
        const usage = usages[0] ?? ranges[0]?.[0] ?? 0;
        if (depth === 0 && data === COLLECTION_APPLICATION) {
          current = { usage, fields: [] };
          applications.push(current);
        }
        depth++;
        if (depth > MAX_STACK) throw new HidDescriptorError(`collections nested deeper than ${MAX_STACK}`);
      } else if (tag === 0xc) {
        if (depth === 0) throw new HidDescriptorError(`End Collection without a collection at byte ${offset - 1}`);
        depth--;
        if (depth === 0) current = undefined;
      }
      resetLocals();
    } else if (type === GLOBAL) {
      switch (tag) {
        case 0x0: global = { ...global, usagePage: data }; break;
        case 0x1: global = { ...global, logicalMin: toSigned(data, size) }; break;
        // A maximum read as negative next to a non-negative minimum is an unsigned value (common quirk).
        case 0x2: { const max = toSigned(data, size); global = { ...global, logicalMax: max < 0 && global.logicalMin >= 0 ? data : max }; break; }
        case 0x7: global = { ...global, reportSize: data }; break;
        case 0x8: global = { ...global, reportId: data }; break;
        case 0x9: global = { ...global, reportCount: data }; break;
        case 0xa:
          if (globalStack.length >= MAX_STACK) throw new HidDescriptorError('global Push nested too deep');
          globalStack.push(global);
          break;
        case 0xb: {
          const popped = globalStack.pop();
          if (!popped) throw new HidDescriptorError('global Pop without Push');
          global = popped;
          break;
        }
        default: break;
      }
    } else if (type === LOCAL) {
      if (tag === 0x0) usages.push(extend(data, size));
      else if (tag === 0x1) usageMin = extend(data, size);
      else if (tag === 0x2 && usageMin !== undefined) {
        ranges.push([usageMin, extend(data, size)]);
        usageMin = undefined;
      }
    }
  }
  if (depth !== 0) throw new HidDescriptorError(`${depth} collection(s) not closed`);
  return { applications, itemCount };
}

export const fieldHasUsage = (f: HidField, usage: number) =>
  f.usages.includes(usage) || f.usageRanges.some(([min, max]) => usage >= min && usage <= max);

export interface HidCapabilities {
  keyboard: boolean;
  /** A Generic-Desktop mouse/pointer application whose X and Y inputs are absolute. */
  absolutePointer: boolean;
  relativePointer: boolean;
  digitizer: boolean;
  /** Logical range of the absolute X axis (`0..32767`), when there is one. */
  absoluteRange?: string;
}

const onKeyboardPage = (f: HidField) => f.usages.some((u) => usagePageOf(u) === PAGE_KEYBOARD) || f.usageRanges.some(([min]) => usagePageOf(min) === PAGE_KEYBOARD);

const X = extendedUsage(PAGE_GENERIC_DESKTOP, USAGE_X);
const Y = extendedUsage(PAGE_GENERIC_DESKTOP, USAGE_Y);
const MOUSE = extendedUsage(PAGE_GENERIC_DESKTOP, USAGE_MOUSE);
const POINTER = extendedUsage(PAGE_GENERIC_DESKTOP, USAGE_POINTER);
const KEYBOARD = extendedUsage(PAGE_GENERIC_DESKTOP, USAGE_KEYBOARD);

/** What the device's top-level collections make it: keyboard, relative or absolute pointer, digitizer. */
export function hidCapabilities(parsed: ParsedHidDescriptor): HidCapabilities {
  const caps: HidCapabilities = { keyboard: false, absolutePointer: false, relativePointer: false, digitizer: false };
  for (const app of parsed.applications) {
    if (usagePageOf(app.usage) === PAGE_DIGITIZER) {
      caps.digitizer = true;
      continue;
    }
    if (app.usage === KEYBOARD && app.fields.some((f) => f.kind === 'input' && !f.constant && onKeyboardPage(f))) {
      caps.keyboard = true;
    }
    if (app.usage !== MOUSE && app.usage !== POINTER) continue;
    const axes = app.fields.filter((f) => f.kind === 'input' && !f.constant && f.variable && (fieldHasUsage(f, X) || fieldHasUsage(f, Y)));
    const x = axes.find((f) => fieldHasUsage(f, X));
    const y = axes.find((f) => fieldHasUsage(f, Y));
    if (!x || !y) continue;
    if (!x.relative && !y.relative) {
      caps.absolutePointer = true;
      caps.absoluteRange ??= `${x.logicalMin}..${x.logicalMax}`;
    } else {
      caps.relativePointer = true;
    }
  }
  return caps;
}
