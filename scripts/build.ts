// Bundles the runnable entry points into build/ with esbuild (each entry keeps its own #! line).
// npm packages stay external (they are in node_modules), except the few every agent command
// loads at start (below); the agent's single-file executables are a separate build.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pkg from '../package.json' with { type: 'json' };
import { buildConsole } from './build-console.js';

/** Packages the agent loads at every start: bundled, Node would resolve, read and compile ~130 files of them first. */
const AGENT_BUNDLED = ['zod', 'commander', 'pino'];

/** zod's locales/index.js pulls in all of its ~60 message locales; the agent only uses English (zod's default). */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: resolve(args.path, '..'),
    }));
  },
};

const common = {
  // Entry points are relative to the repository, wherever the build is started from.
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // Modules reached only through import() (macOS/Windows probes and their packages, the service's
  // scheduler) become chunks loaded on first use; in one file their packages would load at every
  // start (`npm run bench:agent`: about 20% less CPU and 5 MB less peak RSS for a scan).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
} satisfies BuildOptions;

/** The agent's `bin` bundle; `npm run bench:agent` builds it with these options too. */
export const agentBuildOptions = {
  ...common,
  entryPoints: { 'farmwatch-agent': 'agent/cli.ts' },
  // `npm run bench:agent`: about 35 ms less wall time per scan than with all packages external.
  external: Object.keys(pkg.dependencies).filter((name) => !AGENT_BUNDLED.includes(name)),
  plugins: [zodEnglishOnly],
  // commander and pino are CommonJS and require() Node's built-in modules.
  banner: { js: 'import { createRequire as __farmwatchCreateRequire } from "node:module";\nconst require = __farmwatchCreateRequire(import.meta.url);' },
} satisfies BuildOptions;

/**
 * The collector's bundle, npm packages external: its CLI, and the entry its ingest threads load
 * from beside it (server/ingest/ingest-workers.ts). `npm run bench:ingest` and
 * test/server/bundled-collector.test.ts build it with these options too.
 */
export const collectorBuildOptions = {
  ...common,
  entryPoints: { 'farmwatch-server': 'server/cli.ts', 'farmwatch-ingest-worker': 'server/ingest/worker.ts' },
  packages: 'external',
} satisfies BuildOptions;

async function main(): Promise<void> {
  const started = performance.now();
  await rm('build/chunks', { recursive: true, force: true }); // chunk names carry hashes: drop stale ones
  const entries = { ...collectorBuildOptions.entryPoints, 'farmwatch-start': 'scripts/start.ts' };
  await Promise.all([
    build({ ...agentBuildOptions, outdir: 'build', sourcemap: 'linked' }),
    build({ ...collectorBuildOptions, entryPoints: entries, outdir: 'build', sourcemap: 'linked' }),
  ]);
  const names = ['farmwatch-agent', ...Object.keys(entries)];
  for (const name of names) await chmod(`build/${name}.mjs`, 0o755);
  await buildConsole();
  console.log(`built ${names.length} entry points into build/ in ${Math.round(performance.now() - started)} ms`);
}

// Run as a script (`npm run build`); the benches and a test only import the options.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
