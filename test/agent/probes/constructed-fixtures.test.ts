// The constructed fixture trees on disk are exactly what their specs generate, so the spec file
// documents them and nobody edits a tree by hand into something the spec does not say.
import { describe, expect, it } from 'vitest';
import { CONSTRUCTED_FIXTURES } from './helpers/constructed-fixtures.js';
import { machineTree, readTree } from './helpers/linux-tree.js';
import { fixtureRoot } from './helpers/paths.js';

describe('constructed Linux fixtures', () => {
  it.each(CONSTRUCTED_FIXTURES.map((f) => [f.name, f] as const))('%s matches its spec (rerun write-constructed-fixtures.ts if not)', async (_name, fixture) => {
    const onDisk = await readTree(fixtureRoot(fixture.name), new Set(['README.md']));
    const expected = machineTree(fixture.spec);
    expect([...onDisk.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, entry] of expected) {
      const actual = onDisk.get(path);
      if (entry.kind === 'link') expect(actual, path).toEqual(entry);
      else expect(actual?.kind === 'file' && actual.content.equals(entry.content), path).toBe(true);
    }
  });

  it('every constructed README says it is constructed from the knowledge file', async () => {
    for (const fixture of CONSTRUCTED_FIXTURES) expect(fixture.readme).toContain('constructed from values in shared/knowledge/laptop-farms.md');
  });
});
