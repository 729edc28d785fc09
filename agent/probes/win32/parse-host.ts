// host section -> HostFacts. Keyboard layouts are the Preload KLIDs (`00000412`) of the current
// and loaded user hives plus the input method tips of the language list (`0412:{...}{...}`).
import type { HostFacts } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import { int, records, section, str, strings, type Win32Document } from './document.js';

const ARCH: Record<string, string> = { AMD64: 'x86_64', ARM64: 'arm64', X86: 'i686' };

export interface HostOptions {
  /** IANA zone of this process (Intl maps the Windows zone); the Windows zone id is the fallback. */
  ianaTimeZone?: string;
}

export function parseWin32Host(document: Win32Document, options: HostOptions = {}): HostFacts {
  const host = records(section(document, 'host'))[0];
  if (!host) throw new Error("PowerShell section 'host' is empty");
  const architecture = str(host.architecture) ?? 'unknown';
  const layouts = [...new Set([...strings(host.preload), ...strings(host.inputMethodTips)])];
  const osRelease = [str(host.caption), str(host.version)].filter(Boolean).join(' ');
  const uptime = int(host.uptimeSec);
  return {
    hostname: clip(str(host.computerName) ?? '', 255),
    osRelease: clip(osRelease, 255),
    arch: clip(ARCH[architecture.toUpperCase()] ?? architecture, 32),
    serial: clipOptional(str(host.biosSerial), 128),
    hardwareUuid: clipOptional(str(host.uuid), 128),
    manufacturer: clipOptional(str(host.manufacturer), 255),
    model: clipOptional(str(host.model), 255),
    timezone: clipOptional(options.ianaTimeZone ?? str(host.timeZoneId), 64),
    locale: clipOptional(str(host.culture), 64),
    uptimeSec: uptime !== undefined && uptime >= 0 ? uptime : undefined,
    keyboardLayouts: layouts.length > 0 ? layouts.slice(0, 64).map((l) => clip(l, 128)) : undefined,
  };
}
