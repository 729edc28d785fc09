// Displays: every monitor whose EDID Windows keeps under Enum\DISPLAY (including monitors seen
// before: connected=false). A monitor is connected when it is a present PnP device or an active
// root\wmi WmiMonitorID; internal when WmiMonitorConnectionParams reports an embedded output
// (internal, LVDS, eDP, UDI). The WMI classes only enrich: some display drivers do not provide them.
import type { DisplayFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';
import { bytes, int, optionalSection, records, section, str, type Win32Document } from './document.js';
import { edidBytesToHex } from './edid-hex.js';

const MAX_DISPLAYS = 64;
/** D3DKMDT_VIDEO_OUTPUT_TECHNOLOGY values of built-in panels. */
const INTERNAL_OUTPUTS = new Set([0x80000000, 6, 11, 13]);

export const isInternalOutput = (technology: number | undefined): boolean | undefined =>
  technology === undefined ? undefined : INTERNAL_OUTPUTS.has(technology);

/** `DISPLAY\LNX7770\5&2a1b3c4d&0&UID4352_0` -> the PnP instance id without the `_0` suffix. */
const monitorKey = (instanceName: string): string => instanceName.replace(/_\d+$/, '').toUpperCase();

export function parseWin32Displays(document: Win32Document, warn?: (message: string) => void): DisplayFact[] {
  const active = new Map<string, { technology?: number }>();
  for (const entity of records(section(document, 'pnp'))) {
    const id = str(entity.id);
    if (id !== undefined && /^DISPLAY\\/i.test(id)) active.set(id.toUpperCase(), {});
  }
  for (const monitor of records(optionalSection(document, 'monitors', warn))) {
    const name = str(monitor.instanceName);
    if (name !== undefined && monitor.active !== false) active.set(monitorKey(name), { technology: int(monitor.videoOutputTechnology) });
  }
  const displays: DisplayFact[] = [];
  const withEdid = new Set<string>();
  for (const entry of records(section(document, 'edids'))) {
    const id = str(entry.id);
    if (id === undefined) continue;
    const key = id.toUpperCase();
    withEdid.add(key);
    const monitor = active.get(key);
    displays.push({
      connector: clip(id, 255),
      connected: monitor !== undefined,
      internal: isInternalOutput(monitor?.technology),
      edidHex: edidBytesToHex(bytes(entry.edid)),
    });
  }
  for (const [key, monitor] of active) {
    if (!withEdid.has(key)) displays.push({ connector: clip(key, 255), connected: true, internal: isInternalOutput(monitor.technology) });
  }
  return displays.sort((a, b) => Number(b.connected) - Number(a.connected)).slice(0, MAX_DISPLAYS);
}
