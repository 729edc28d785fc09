// V8's compile cache (Node 22.1+; Node 20 has none): the agent's modules compiled by an earlier run
// are read back instead of being compiled again, the largest part of a scan's start-up on Node 22.
// The single-file executable embeds its own code cache instead. Any failure only means no cache.
import { lstatSync, mkdirSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSea } from 'node:sea';

type EnableCompileCache = (directory: string) => unknown;

export function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  const uid = process.getuid?.(); // POSIX only: the Windows agent is the single-file executable
  if (enable === undefined || uid === undefined || isSea()) return;
  try {
    const dir = privateCacheDir(tmpdir(), uid);
    if (dir !== undefined) enable.call(nodeModule, dir);
  } catch {
    // no cache: the modules are compiled as usual
  }
}

/**
 * `<base>/farmwatch-agent-<uid>/compile-cache`, or undefined when that user directory is not
 * this user's alone: the cache is code the agent runs, and a directory another user could write
 * to would let them plant code for a root agent. The sticky bit of /tmp keeps others from
 * replacing the directory once checked.
 */
export function privateCacheDir(base: string, uid: number): string | undefined {
  const dir = join(base, `farmwatch-agent-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  return info.isDirectory() && info.uid === uid && (info.mode & 0o077) === 0 ? join(dir, 'compile-cache') : undefined;
}
