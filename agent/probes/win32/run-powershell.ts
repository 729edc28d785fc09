// Runs COLLECT_SCRIPT in one powershell.exe and parses its JSON. The command runner is
// injectable so tests can put a real child process printing recorded output in its place.
import { execText } from '../util/exec.js';
import { COLLECT_SCRIPT } from './collect-script.js';
import { parseWin32Document, type Win32Document } from './document.js';

/** Runs a program without a shell and resolves with its stdout; rejects on failure or abort. */
export type CommandRunner = (file: string, args: readonly string[], signal: AbortSignal) => Promise<string>;

export const POWERSHELL = 'powershell.exe';
export const POWERSHELL_ARGS: readonly string[] = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'];

export const execRunner: CommandRunner = (file, args, signal) => execText(file, args, { signal, maxBuffer: 64 * 1024 * 1024 });

export async function runPowerShell(signal: AbortSignal, runner: CommandRunner = execRunner, script = COLLECT_SCRIPT): Promise<Win32Document> {
  return parseWin32Document(await runner(POWERSHELL, [...POWERSHELL_ARGS, script], signal));
}
