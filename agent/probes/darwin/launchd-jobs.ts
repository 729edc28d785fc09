// Installed launchd jobs: the plists in /Library/LaunchDaemons and /Library/LaunchAgents, read
// directly or through plutil when binary. They give `launchctl list` labels their program path and
// add the jobs that are installed but not loaded.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceFact } from '../../../shared/schema/facts.js';
import { mapLimit } from '../util/limit.js';
import { clip, clipOptional, describeError } from '../util/text.js';
import type { CommandRunner } from './commands.js';
import { parseLaunchdPlist, type LaunchdJob } from './parse-launchd-plist.js';

export const LAUNCHD_DIRS: readonly string[] = ['/Library/LaunchDaemons', '/Library/LaunchAgents'];

async function plistXml(path: string, runner: CommandRunner, signal: AbortSignal): Promise<string> {
  const raw = await readFile(path, { signal });
  if (raw.subarray(0, 6).toString('latin1') !== 'bplist') return raw.toString('utf8');
  return runner('plutil', ['-convert', 'xml1', '-o', '-', path], signal);
}

export async function readLaunchdJobs(dirs: readonly string[], runner: CommandRunner, signal: AbortSignal, warn: (message: string) => void): Promise<LaunchdJob[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') warn(`${dir}: ${error.message}`);
      return [] as string[];
    });
    files.push(...entries.filter((e) => e.endsWith('.plist')).sort().map((e) => join(dir, e)));
  }
  const jobs = await mapLimit(files.slice(0, 2_000), 4, async (file) => {
    try {
      return parseLaunchdPlist(await plistXml(file, runner, signal));
    } catch (error) {
      warn(`${file}: ${describeError(error)}`);
      return undefined;
    }
  });
  return jobs.filter((j): j is LaunchdJob => j !== undefined);
}

/** Loaded services get their program path; installed jobs that are not loaded are added as stopped. */
export function mergeLaunchdJobs(services: ServiceFact[], jobs: readonly LaunchdJob[]): ServiceFact[] {
  const byLabel = new Map(jobs.map((j) => [j.label, j]));
  const merged = services.map((s) => {
    const job = byLabel.get(s.name);
    return job ? { ...s, startType: s.startType ?? (job.startsByItself ? 'auto' as const : 'manual' as const), path: s.path ?? clipOptional(job.program, 1024) } : s;
  });
  const loaded = new Set(services.map((s) => s.name));
  for (const job of jobs) {
    if (loaded.has(job.label)) continue;
    merged.push({ name: clip(job.label, 255), state: 'stopped', startType: job.startsByItself ? 'auto' : 'manual', path: clipOptional(job.program, 1024) });
  }
  return merged.slice(0, 5_000);
}
