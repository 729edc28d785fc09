// Power: a battery is present when Win32_Battery lists one; on AC from root\wmi BatteryStatus
// PowerOnline (else Win32_Battery BatteryStatus 2, "on AC"; a machine without battery is on AC).
// Sleep is disabled when the current scheme's AC standby timeout (powercfg STANDBYIDLE) is 0;
// its AC index is the second-to-last hex value, which survives translated labels.
import type { PowerFact } from '../../../shared/schema/facts.js';
import { int, lines, optionalSection, records, section, type Win32Document } from './document.js';

export function acStandbyTimeout(powercfg: string): number | undefined {
  const values = [...powercfg.matchAll(/:\s*0x([0-9a-f]{1,8})\s*$/gim)].map((m) => Number.parseInt(m[1]!, 16));
  return values.length >= 2 ? values[values.length - 2] : undefined;
}

export function parseWin32Power(document: Win32Document, warn?: (message: string) => void): PowerFact {
  const batteries = records(section(document, 'battery'));
  const batteryPresent = batteries.length > 0;
  const online = records(optionalSection(document, 'acPower', batteryPresent ? warn : undefined)).map((s) => s.powerOnline).filter((v) => typeof v === 'boolean');
  const onAc = online.length > 0 ? online.some(Boolean) : batteryPresent ? batteries.some((b) => int(b.batteryStatus) === 2) : true;
  const timeout = acStandbyTimeout(lines(optionalSection(document, 'sleep', warn)));
  return { batteryPresent, onAc, sleepDisabled: timeout === undefined ? undefined : timeout === 0 };
}
