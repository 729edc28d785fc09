// Parses `iw dev <if> link` (iw 5.x/6.x, link.c): "Connected to <bssid> (on <if>)" followed by
// tab-indented attributes, among them "SSID: <escaped>", or "Not connected.". With Wi-Fi 7
// multi-link, the first line carries the AP MLD address and each link follows as
// "Link <n> BSSID <mac>"; the MLD address identifies the access point and is what we keep.
// iw escapes SSID bytes that are not printable ASCII (and a leading/trailing space or a
// backslash) as \xHH (util.c print_ssid_escaped); undone here, then read as UTF-8.
export interface IwLink {
  connected: boolean;
  bssid?: string;
  ssid?: string;
}

const CONNECTED = /^(?:Connected to|Joined IBSS) ([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\b/;

export function unescapeSsid(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i += 1) {
    const hex = escaped[i] === '\\' && escaped[i + 1] === 'x' ? /^[0-9a-fA-F]{2}$/.exec(escaped.slice(i + 2, i + 4)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(escaped[i] as string, 'utf8'));
    }
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

export function parseIwLink(output: string): IwLink {
  const lines = output.split('\n');
  const first = CONNECTED.exec(lines.find((line) => line.trim() !== '')?.trim() ?? '');
  if (!first) return { connected: false };
  const link: IwLink = { connected: true, bssid: (first[1] as string).toLowerCase() };
  for (const line of lines) {
    const ssid = /^\tSSID: (.*)$/.exec(line);
    if (ssid) {
      link.ssid = unescapeSsid(ssid[1] as string);
      break;
    }
  }
  return link;
}
