// `netsh wlan show interfaces` -> WifiFact[]. Each interface block starts at its `Name` line;
// SSID and (AP) BSSID follow. Windows 11 24H2 refuses without location permission: then every
// Wi-Fi adapter is reported with the reason instead of SSID/BSSID.
import type { WifiFact } from '../../../shared/schema/facts.js';
import { clip, normaliseMac } from '../util/text.js';
import { lines, optionalSection, records, section, str, type Win32Document } from './document.js';

const FIELD = /^\s*(.+?)\s+:\s+(.*?)\s*$/;
const LOCATION = /location permission|location services/i;

export function parseNetshWlanInterfaces(text: string): WifiFact[] {
  const facts: WifiFact[] = [];
  let current: WifiFact | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = FIELD.exec(line);
    if (!match) continue;
    const label = match[1]!.trim();
    const value = match[2]!;
    if (label === 'Name') {
      current = { interface: clip(value, 255) };
      facts.push(current);
    } else if (current && label === 'SSID' && value !== '') {
      current.ssid = clip(value, 255);
    } else if (current && /BSSID$/.test(label)) {
      current.bssid = normaliseMac(value);
    }
  }
  return facts.slice(0, 8);
}

export function parseWin32Wifi(document: Win32Document, warn?: (message: string) => void): WifiFact[] {
  const text = lines(section(document, 'wlan'));
  if (LOCATION.test(text)) {
    const reason = clip(text.split(/\r?\n/).find((l) => LOCATION.test(l))?.trim() ?? 'location permission not granted', 255);
    const wifiAdapters = records(optionalSection(document, 'adapters', warn)).filter((a) => /802\.11|Wireless/i.test(`${str(a.physicalMediaType) ?? ''} ${str(a.mediaType) ?? ''}`));
    return wifiAdapters.slice(0, 8).map((a) => ({ interface: clip(str(a.name) ?? 'Wi-Fi', 255), unavailableReason: reason }));
  }
  return parseNetshWlanInterfaces(text);
}
