// Displays from three sources: raw EDIDs in ioreg (Intel Macs: IODisplayEDID under each
// IODisplayConnect; any EDID-looking data under an IOMobileFramebuffer), the framebuffers of
// Apple Silicon (`disp0` is the built-in panel, `dispextN` external; macOS exposes no raw EDID
// there), and system_profiler SPDisplaysDataType, which says which display is internal. An EDID is
// matched with system_profiler by its manufacturer and product code.
import type { DisplayFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';
import { ioregEntries, isDict, plistString, type PlistDict, type PlistValue } from './plist.js';

const EDID_HEADER = '00ffffffffffff00';
const MAX_EDID_BYTES = 2048;

interface SpDisplay {
  name: string;
  internal: boolean;
  vendorId?: string;
  productId?: string;
}

/** system_profiler SPDisplaysDataType -json: displays under each GPU's spdisplays_ndrvs. */
export function parseSpDisplays(json: string): SpDisplay[] {
  const document = JSON.parse(json) as { SPDisplaysDataType?: unknown };
  if (!Array.isArray(document?.SPDisplaysDataType)) throw new Error('system_profiler output has no SPDisplaysDataType array');
  const displays: SpDisplay[] = [];
  for (const gpu of document.SPDisplaysDataType as Record<string, unknown>[]) {
    const list = Array.isArray(gpu?.spdisplays_ndrvs) ? (gpu.spdisplays_ndrvs as Record<string, unknown>[]) : [];
    for (const d of list) {
      const text = (key: string) => (typeof d[key] === 'string' ? (d[key] as string).trim().toLowerCase() : undefined);
      displays.push({
        name: typeof d._name === 'string' ? d._name : 'display',
        internal: d.spdisplays_connection_type === 'spdisplays_internal' || d.spdisplays_builtin === 'spdisplays_yes',
        vendorId: text('_spdisplays_display-vendor-id')?.padStart(4, '0'),
        productId: text('_spdisplays_display-product-id')?.padStart(4, '0'),
      });
    }
  }
  return displays;
}

function edidsIn(value: PlistValue | undefined, found: Buffer[] = []): Buffer[] {
  if (Buffer.isBuffer(value)) {
    if (value.length >= 128 && value.subarray(0, 8).toString('hex') === EDID_HEADER) found.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) edidsIn(v, found);
  } else if (isDict(value)) {
    for (const v of Object.values(value)) edidsIn(v, found);
  }
  return found;
}

const edidHex = (edid: Buffer): string => {
  const length = Math.min(edid.length, MAX_EDID_BYTES);
  return edid.subarray(0, length - (length % 128)).toString('hex');
};
/** Manufacturer id (bytes 8-9, big-endian) and product code (bytes 10-11, little-endian) as system_profiler prints them. */
const edidIds = (edid: Buffer) => ({ vendorId: edid.subarray(8, 10).toString('hex'), productId: edid.readUInt16LE(10).toString(16).padStart(4, '0') });
const entryName = (entry: PlistDict, fallback: string): string => plistString(entry.IORegistryEntryName) ?? fallback;

export function parseDarwinDisplays(sources: { edidXml: string; framebufferXml: string; spJson: string }): DisplayFact[] {
  const sp = parseSpDisplays(sources.spJson);
  const used = new Set<SpDisplay>();
  const facts: DisplayFact[] = [];
  const internalOf = (edid: Buffer): boolean | undefined => {
    const ids = edidIds(edid);
    const match = sp.find((d) => !used.has(d) && d.vendorId === ids.vendorId && d.productId === ids.productId);
    if (match) used.add(match);
    return match?.internal;
  };
  ioregEntries(sources.edidXml).forEach((entry, index) => {
    for (const edid of edidsIn(entry)) {
      facts.push({ connector: clip(entryName(entry, `display${index}`), 255), connected: true, internal: internalOf(edid), edidHex: edidHex(edid) });
    }
  });
  ioregEntries(sources.framebufferXml).forEach((entry, index) => {
    const name = entryName(entry, `framebuffer${index}`);
    const edids = edidsIn(entry);
    const attributes = isDict(entry.DisplayAttributes) ? entry.DisplayAttributes : undefined;
    if (edids.length === 0 && attributes === undefined) return;
    const internal = /^disp\d+$/.test(name) ? true : /^dispext\d+$/.test(name) ? false : undefined;
    if (edids.length === 0) facts.push({ connector: clip(name, 255), connected: true, internal });
    for (const edid of edids) facts.push({ connector: clip(name, 255), connected: true, internal: internal ?? internalOf(edid), edidHex: edidHex(edid) });
  });
  if (facts.length === 0) for (const d of sp) facts.push({ connector: clip(d.name, 255), connected: true, internal: d.internal });
  return facts.slice(0, 64);
}
