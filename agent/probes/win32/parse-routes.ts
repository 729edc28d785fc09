// Get-NetRoute -> RouteFact[]. A next hop of 0.0.0.0 / :: means on-link (no gateway).
import type { RouteFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';
import { int, records, section, str, type Win32Document } from './document.js';

const ON_LINK = new Set(['0.0.0.0', '::']);

export function parseWin32Routes(document: Win32Document): RouteFact[] {
  const routes: RouteFact[] = [];
  for (const r of records(section(document, 'routes'))) {
    const destination = str(r.destination);
    const alias = str(r.alias);
    if (destination === undefined || alias === undefined) continue;
    const nextHop = str(r.nextHop);
    routes.push({
      destination: clip(destination, 64),
      gateway: nextHop === undefined || ON_LINK.has(nextHop) ? undefined : clip(nextHop, 64),
      interface: clip(alias, 255),
      metric: int(r.metric),
    });
    if (routes.length === 10_000) break;
  }
  return routes;
}
