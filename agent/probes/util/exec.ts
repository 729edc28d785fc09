// Runs a command without a shell, killed when the probe's signal aborts.
import { execFile } from 'node:child_process';

export interface ExecOptions {
  signal: AbortSignal;
  maxBuffer?: number;
}

export function execText(file: string, args: readonly string[], options: ExecOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { signal: options.signal, maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}
