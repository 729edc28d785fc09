// `system_profiler SPAirPortDataType -json` -> WifiFact[]. The current network's name is
// `<redacted>` without location permission (macOS 14.4+); system_profiler never prints the BSSID.
import type { WifiFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';

export function parseSpAirport(json: string): WifiFact[] {
  const document = JSON.parse(json) as { SPAirPortDataType?: unknown };
  if (!Array.isArray(document?.SPAirPortDataType)) throw new Error('system_profiler output has no SPAirPortDataType array');
  const facts: WifiFact[] = [];
  for (const entry of document.SPAirPortDataType as Record<string, unknown>[]) {
    const interfaces = Array.isArray(entry?.spairport_airport_interfaces) ? (entry.spairport_airport_interfaces as Record<string, unknown>[]) : [];
    for (const i of interfaces) {
      if (typeof i._name !== 'string' || !/^en\d+$/.test(i._name)) continue;
      const current = i.spairport_current_network_information as Record<string, unknown> | undefined;
      const ssid = typeof current?._name === 'string' ? current._name : undefined;
      const fact: WifiFact = { interface: clip(i._name, 255) };
      if (ssid === '<redacted>') fact.unavailableReason = 'SSID redacted: location permission not granted';
      else if (ssid !== undefined) fact.ssid = clip(ssid, 255);
      if (ssid !== undefined && ssid !== '<redacted>') fact.unavailableReason = 'BSSID not exposed by system_profiler';
      facts.push(fact);
    }
  }
  return facts.slice(0, 8);
}
