// `launchctl list` (PID, last exit status, label) -> ServiceFact[]; `launchctl print
// system/com.apple.screensharing` -> the Screen Sharing / Remote Management service, which is
// loaded only while the user has it enabled.
import type { ServiceFact } from '../../../shared/schema/facts.js';
import { clip, clipOptional } from '../util/text.js';

export const SCREEN_SHARING = 'com.apple.screensharing';

export function parseLaunchctlList(text: string): ServiceFact[] {
  const facts: ServiceFact[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [pid, status, label] = line.split('\t');
    if (label === undefined || pid === 'PID' || !/^(-|\d+)$/.test(pid ?? '') || !/^-?\d+$/.test(status ?? '')) continue;
    facts.push({ name: clip(label.trim(), 255), state: pid === '-' ? 'stopped' : 'running' });
    if (facts.length === 4_999) break;
  }
  return facts;
}

/** The service from `launchctl print` output, or undefined when the output is not about it. */
export function parseLaunchctlPrint(text: string, label = SCREEN_SHARING): ServiceFact | undefined {
  if (!text.includes(label)) return undefined;
  const state = /^\s*state = (.+)$/m.exec(text)?.[1]?.trim();
  const program = /^\s*program = (.+)$/m.exec(text)?.[1]?.trim();
  return {
    name: label,
    displayName: label === SCREEN_SHARING ? 'Screen Sharing (enabled)' : undefined,
    state: state === 'running' ? 'running' : state === 'not running' ? 'stopped' : 'other',
    startType: 'auto',
    path: clipOptional(program, 1024),
  };
}
