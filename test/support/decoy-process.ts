// A real process that looks like a remote-access tool: a copy of `sleep` under the tool's name.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Decoy {
  process: ChildProcess;
  path: string;
  stop(): void;
}

export function startDecoy(name: string, seconds = 300): Decoy {
  const dir = mkdtempSync(join(tmpdir(), 'fw-decoy-'));
  const path = join(dir, name);
  copyFileSync('/bin/sleep', path);
  chmodSync(path, 0o755);
  const child = spawn(path, [String(seconds)], { stdio: 'ignore' });
  return {
    process: child, path,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
