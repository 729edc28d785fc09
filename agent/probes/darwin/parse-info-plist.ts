// An application bundle's Info.plist -> InstalledAppFact: the name is the bundle folder's (what
// Finder shows and remote-access catalogues list), the publisher field carries CFBundleIdentifier.
import type { InstalledAppFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';
import { isDict, parsePlist, plistString } from './plist.js';

export function appFact(appPath: string, infoPlistXml: string | undefined): InstalledAppFact {
  const folder = appPath.replace(/\/+$/, '').split('/').pop() ?? appPath;
  const root = infoPlistXml === undefined ? undefined : parsePlist(infoPlistXml);
  const info = isDict(root) ? root : {};
  return {
    name: clip(folder.replace(/\.app$/i, ''), 255),
    version: clipOptional(plistString(info.CFBundleShortVersionString) ?? plistString(info.CFBundleVersion), 128),
    publisher: clipOptional(plistString(info.CFBundleIdentifier), 255),
    path: clip(appPath, 1024),
    source: 'applications',
  };
}
