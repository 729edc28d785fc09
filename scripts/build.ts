// Bundles the runnable entry points into build/ with esbuild (each entry keeps its own #! line).
// npm packages stay external (they are in node_modules); the agent's single-file executables
// are a separate build.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { buildConsole } from './build-console.js';

const entries = {
  'farmwatch-agent': 'agent/cli.ts',
  'farmwatch-server': 'server/cli.ts',
  // The collector's ingest threads load their own entry (server/ingest/ingest-workers.ts).
  'farmwatch-ingest-worker': 'server/ingest/worker.ts',
  'farmwatch-start': 'scripts/start.ts',
};

const started = performance.now();
await rm('build/chunks', { recursive: true, force: true }); // chunk names carry hashes: drop stale ones
await build({
  entryPoints: entries,
  outdir: 'build',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  // Modules reached only through import() (macOS/Windows probes and their packages, the service's
  // scheduler) become chunks loaded on first use; in one file their packages would load at every
  // start (`npm run bench:agent`: about 20% less CPU and 5 MB less peak RSS for a scan).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const name of Object.keys(entries)) await chmod(`build/${name}.mjs`, 0o755);
await buildConsole();
console.log(`built ${Object.keys(entries).length} entry points into build/ in ${Math.round(performance.now() - started)} ms`);
