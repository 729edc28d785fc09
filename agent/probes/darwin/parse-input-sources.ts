// `defaults export com.apple.HIToolbox -` (XML plist) -> the enabled input sources: input modes
// (`com.apple.inputmethod.Korean.2SetKorean`), input method bundles, and keyboard layouts as
// `com.apple.keylayout.<name>` (macOS's own id drops spaces and dots from the layout name).
import { clip } from '../util/text.js';
import { asList, isDict, parsePlist, plistString } from './plist.js';

export function parseInputSources(xml: string): string[] {
  const root = parsePlist(xml);
  if (!isDict(root)) throw new Error('com.apple.HIToolbox export is not a dictionary');
  const ids = new Set<string>();
  for (const source of asList(root.AppleEnabledInputSources).filter(isDict)) {
    const mode = plistString(source['Input Mode']);
    const bundle = plistString(source['Bundle ID']);
    const layout = plistString(source['KeyboardLayout Name']);
    const id = mode ?? (layout !== undefined ? `com.apple.keylayout.${layout.replace(/[\s.]/g, '')}` : bundle);
    if (id !== undefined) ids.add(clip(id, 128));
  }
  return [...ids].slice(0, 64);
}
