// A launchd job definition (/Library/LaunchDaemons/*.plist, /Library/LaunchAgents/*.plist) ->
// its label, the program it runs and whether it starts by itself (RunAtLoad / KeepAlive).
import { asList, isDict, parsePlist, plistString } from './plist.js';

export interface LaunchdJob {
  label: string;
  program?: string;
  startsByItself: boolean;
}

export function parseLaunchdPlist(xml: string): LaunchdJob | undefined {
  const root = parsePlist(xml);
  if (!isDict(root)) return undefined;
  const label = plistString(root.Label);
  if (label === undefined) return undefined;
  const program = plistString(root.Program) ?? plistString(asList(root.ProgramArguments)[0]);
  const keepAlive = root.KeepAlive === true || isDict(root.KeepAlive);
  return { label, program, startsByItself: root.RunAtLoad === true || keepAlive };
}
