// Writes the constructed fixtures to test/fixtures/linux/<name>/ (replacing what is there).
// Run: npx tsx test/agent/probes/helpers/write-constructed-fixtures.ts
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSTRUCTED_FIXTURES } from './constructed-fixtures.js';
import { machineTree, writeTree } from './linux-tree.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/linux/', import.meta.url));

for (const fixture of CONSTRUCTED_FIXTURES) {
  const dir = join(FIXTURES, fixture.name);
  await rm(dir, { recursive: true, force: true });
  await writeTree(dir, machineTree(fixture.spec));
  await writeFile(join(dir, 'README.md'), fixture.readme);
  console.log(`wrote ${dir}`);
}
