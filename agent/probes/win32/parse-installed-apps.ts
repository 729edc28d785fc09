// Uninstall registry keys (HKLM, WOW6432Node, every loaded user hive) -> InstalledAppFact[].
// The path is InstallLocation, else the executable of DisplayIcon (`"C:\...\app.exe",0`).
import type { InstalledAppFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import { records, section, str, type Win32Document } from './document.js';

export function iconPath(displayIcon: string | undefined): string | undefined {
  if (displayIcon === undefined) return undefined;
  const path = displayIcon.replace(/,\s*-?\d+$/, '').replace(/^"(.*)"$/, '$1').trim();
  return /^([A-Za-z]:\\|\\\\)/.test(path) ? path : undefined;
}

export function parseWin32InstalledApps(document: Win32Document): InstalledAppFact[] {
  const apps: InstalledAppFact[] = [];
  const seen = new Set<string>();
  for (const p of records(section(document, 'programs'))) {
    const name = str(p.name);
    if (name === undefined) continue;
    const version = str(p.version);
    const key = `${name}\0${version ?? ''}`.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    apps.push({
      name: clip(name, 255),
      version: clipOptional(version, 128),
      publisher: clipOptional(str(p.publisher), 255),
      path: clipOptional(str(p.installLocation)?.replace(/^"(.*)"$/, '$1') ?? iconPath(str(p.displayIcon)), 1024),
      source: 'uninstall-registry',
    });
    if (apps.length === 10_000) break;
  }
  return apps;
}
