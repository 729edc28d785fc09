// Bundles the runnable entry points into build/ with esbuild (each entry keeps its own #! line).
// npm packages stay external (they are in node_modules); the agent's single-file executables
// are a separate build.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const entries = {
  'farmwatch-agent': 'agent/cli.ts',
  'farmwatch-server': 'server/cli.ts',
  'farmwatch-start': 'scripts/start.ts',
};

const started = performance.now();
await build({
  entryPoints: entries,
  outdir: 'build',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const name of Object.keys(entries)) await chmod(`build/${name}.mjs`, 0o755);
console.log(`built ${Object.keys(entries).length} entry points into build/ in ${Math.round(performance.now() - started)} ms`);
