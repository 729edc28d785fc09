// Win32_Service -> ServiceFact[], plus one entry for Remote Desktop connections: Windows allows
// them when fDenyTSConnections = 0, whatever state TermService is in. That entry is named
// RDP_SERVICE_NAME; its state is TermService's when allowed, `stopped`/`disabled` when denied.
import type { ServiceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import { int, optionalSection, records, section, str, type Win32Document } from './document.js';

export const RDP_SERVICE_NAME = 'RemoteDesktopConnections';

const STATE: Record<string, ServiceFact['state']> = { running: 'running', stopped: 'stopped' };
const START: Record<string, NonNullable<ServiceFact['startType']>> = { auto: 'auto', manual: 'manual', disabled: 'disabled' };

export function parseWin32Services(document: Win32Document, warn?: (message: string) => void): ServiceFact[] {
  const services: ServiceFact[] = [];
  for (const s of records(section(document, 'services'))) {
    const name = str(s.name);
    if (name === undefined) continue;
    services.push({
      name: clip(name, 255),
      displayName: clipOptional(str(s.displayName), 255),
      state: STATE[(str(s.state) ?? '').toLowerCase()] ?? 'other',
      startType: START[(str(s.startMode) ?? '').toLowerCase()] ?? 'other',
      path: clipOptional(str(s.path), 1024),
    });
    if (services.length === 4_999) break;
  }
  const rdp = records(optionalSection(document, 'rdp', warn))[0];
  const deny = rdp === undefined ? undefined : int(rdp.fDenyTSConnections);
  if (deny !== undefined) {
    const termService = services.find((s) => s.name.toLowerCase() === 'termservice');
    services.push(deny === 0
      ? { name: RDP_SERVICE_NAME, displayName: 'Remote Desktop connections allowed (fDenyTSConnections = 0)', state: termService?.state ?? 'other', startType: termService?.startType ?? 'other', path: termService?.path }
      : { name: RDP_SERVICE_NAME, displayName: `Remote Desktop connections denied (fDenyTSConnections = ${deny})`, state: 'stopped', startType: 'disabled' });
  }
  return services;
}
