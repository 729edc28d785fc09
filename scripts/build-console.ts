// Bundles the web console (server/console/, Preact + cytoscape) into build/console/: content-hashed
// scripts and the stylesheet under assets/ (cytoscape is a chunk loaded by the cluster page only),
// and index.html naming the entry script and stylesheet.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

export async function buildConsole(outDir = 'build/console'): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const assets = path.join(outDir, 'assets');
  await mkdir(assets, { recursive: true });
  const result = await build({
    entryPoints: { console: 'server/console/main.tsx' },
    outdir: assets,
    bundle: true,
    splitting: true,
    format: 'esm',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    target: ['chrome111', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'server/console/main.tsx')![0];
  const styles = await readFile('server/console/styles.css');
  const stylesName = `console-${createHash('sha256').update(styles).digest('hex').slice(0, 8)}.css`;
  await writeFile(path.join(assets, stylesName), styles);
  const page = (await readFile('server/console/index.html', 'utf8')).replace('%SCRIPT%', path.basename(entry)).replace('%STYLES%', stylesName);
  await writeFile(path.join(outDir, 'index.html'), page);
}
