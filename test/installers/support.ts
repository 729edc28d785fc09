// Shared by the installer and binary tests: tools that may be missing outside CI, and the agent's
// single-file executables. Several test files need the same executable: each is built once per
// source state (a hash of the sources that go into it) into node_modules/.cache, not dist/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildAgentBinaries, type BuiltBinary } from '../../scripts/build-agent.js';

const IN_CI = process.env.CI === 'true';

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when every tool is installed. In CI a missing tool is an error (`.ci/run` installs them);
 * elsewhere the caller skips, and the reason is printed.
 */
export function haveTools(suite: string, ...tools: string[]): boolean {
  const missing = tools.filter((tool) => !onPath(tool));
  if (missing.length === 0) return true;
  const reason = `${suite}: ${missing.join(', ')} not installed (apt-get install ${missing.map(aptPackage).join(' ')})`;
  if (IN_CI) throw new Error(`${reason}; CI must run this suite`);
  console.warn(`skipping ${reason}`);
  return false;
}

const APT_PACKAGES: Record<string, string> = { wixl: 'wixl', msiinfo: 'msitools', rpmbuild: 'rpm', rpm: 'rpm', shellcheck: 'shellcheck', 'dpkg-deb': 'dpkg' };
const aptPackage = (tool: string) => APT_PACKAGES[tool] ?? tool;

export interface Build {
  binaries: BuiltBinary[];
  /** A built executable: shared with other test files, so copy it before changing it. */
  file(target: BuiltBinary['target']): string;
}

const BUILD_CACHE = resolve('node_modules/.cache/farmwatch-sea/test-builds');
const BUILD_INPUTS = ['agent', 'shared', 'scripts/build-agent.ts', 'package-lock.json'];

async function filesUnder(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => filesUnder(join(path, e.name))));
  return nested.flat().sort();
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await Promise.all(BUILD_INPUTS.map(filesUnder))).flat()) hash.update(file).update('\0').update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

async function cachedBuild(target: BuiltBinary['target'], key: string): Promise<BuiltBinary> {
  const dir = join(BUILD_CACHE, `${key}-${target}`);
  const existing = (await readdir(dir).catch(() => [])).find((f) => f.startsWith('farmwatch-agent-'));
  if (existing) return { target, file: join(dir, existing), bytes: (await stat(join(dir, existing))).size };
  await mkdir(BUILD_CACHE, { recursive: true });
  const staging = await mkdtemp(join(BUILD_CACHE, '.building-'));
  try {
    const [built] = await buildAgentBinaries({ targets: [target], outDir: staging });
    await rm(join(staging, 'sea'), { recursive: true, force: true });
    // Another test file may have finished the same build first: keep whichever landed.
    await rename(staging, dir).catch(() => undefined);
    return { ...built!, file: join(dir, built!.file.slice(staging.length + 1)) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Drops builds of other source states once they are a day old (a concurrent run may still use a recent one). */
async function pruneBuilds(key: string): Promise<void> {
  const dayAgo = Date.now() - 86_400_000;
  for (const entry of await readdir(BUILD_CACHE).catch(() => [] as string[])) {
    if (entry.startsWith(key)) continue;
    const path = join(BUILD_CACHE, entry);
    if ((await stat(path)).mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

export async function buildBinaries(targets: Array<BuiltBinary['target']>): Promise<Build> {
  const key = await sourceHash();
  const binaries: BuiltBinary[] = [];
  for (const target of targets) binaries.push(await cachedBuild(target, key));
  await pruneBuilds(key);
  return {
    binaries,
    file: (target) => {
      const built = binaries.find((b) => b.target === target);
      if (!built) throw new Error(`${target} was not built`);
      return built.file;
    },
  };
}

/** Runs a command and returns its stdout, with stderr in the error when it fails. */
export function sh(command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(command, args, { encoding: 'utf8', env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}
