// Installed applications: the `.app` bundles in /Applications (and the user's ~/Applications),
// their Info.plist read directly, or through plutil when it is a binary plist.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstalledAppFact } from '../../../shared/schema/facts.js';
import { mapLimit } from '../util/limit.js';
import type { CommandRunner } from './commands.js';
import { appFact } from './parse-info-plist.js';

const MAX_APPS = 10_000;

async function infoPlist(app: string, runner: CommandRunner, signal: AbortSignal): Promise<string | undefined> {
  const path = join(app, 'Contents', 'Info.plist');
  const raw = await readFile(path, { signal }).catch(() => undefined);
  if (raw === undefined) return undefined;
  if (raw.subarray(0, 6).toString('latin1') !== 'bplist') return raw.toString('utf8');
  return runner('plutil', ['-convert', 'xml1', '-o', '-', path], signal);
}

export async function listApplications(dirs: readonly string[], runner: CommandRunner, signal: AbortSignal, warn: (message: string) => void): Promise<InstalledAppFact[]> {
  const apps: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') warn(`${dir}: ${error.message}`);
      return [] as string[];
    });
    apps.push(...entries.filter((e) => e.toLowerCase().endsWith('.app')).sort().map((e) => join(dir, e)));
  }
  const facts = await mapLimit(apps.slice(0, MAX_APPS), 4, async (app) => {
    try {
      return appFact(app, await infoPlist(app, runner, signal));
    } catch (error) {
      warn(`${app}: ${(error as Error).message}`);
      return appFact(app, undefined);
    }
  });
  return facts;
}
