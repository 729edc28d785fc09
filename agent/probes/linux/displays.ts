// Display connectors from <root>/sys/class/drm/card*-*: status and raw EDID (an empty edid file
// means the connector has none).
import type { DisplayFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip } from '../util/text.js';

const EDID_BLOCK = 128;
/** The schema caps edidHex at 4096 hex digits: 16 blocks. */
const MAX_EDID_BYTES = 2048;
const MAX_DISPLAYS = 64;

/** Whole 128-byte blocks as lowercase hex, at most MAX_EDID_BYTES; undefined when empty. */
export function edidToHex(edid: Buffer | undefined): string | undefined {
  if (edid === undefined || edid.length === 0) return undefined;
  const length = Math.min(edid.length, MAX_EDID_BYTES);
  const whole = length >= EDID_BLOCK ? length - (length % EDID_BLOCK) : length;
  return edid.subarray(0, whole).toString('hex');
}

async function readConnector(fs: RootedFs, connector: string): Promise<DisplayFact> {
  const dir = `/sys/class/drm/${connector}`;
  const [status, edid] = await Promise.all([fs.line(`${dir}/status`), fs.bytes(`${dir}/edid`)]);
  return { connector: clip(connector, 255), connected: status === 'connected', edidHex: edidToHex(edid) };
}

export async function probeLinuxDisplays(_context: ProbeContext, fs: RootedFs): Promise<DisplayFact[]> {
  const connectors = (await fs.list('/sys/class/drm')).filter((name) => /^card\d+-/.test(name)).sort();
  return mapLimit(connectors.slice(0, MAX_DISPLAYS), 8, (connector) => readConnector(fs, connector));
}
