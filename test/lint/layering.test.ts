// The architecture's import rules are enforced by ESLint; this proves the rules bite by linting
// small violating sources as if they sat at the guarded paths.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('keeps OS modules and probes out of agent detection', async () => {
    for (const mod of ['node:fs', 'fs', 'node:child_process', 'os', 'node:net', 'systeminformation', 'ps-list', '../probes/index.js']) {
      const errors = await restrictedImports('agent/detect/example.ts', `import x from '${mod}';\nexport const y = x;\n`);
      expect(errors, mod).toHaveLength(1);
    }
  });

  it('keeps agent and server apart', async () => {
    expect(await restrictedImports('agent/runtime/example.ts', `import x from '../../server/app.js';\nexport const y = x;\n`)).toHaveLength(1);
    expect(await restrictedImports('server/routes/example.ts', `import x from '../../agent/cli.js';\nexport const y = x;\n`)).toHaveLength(1);
  });

  it('keeps shared free of agent, server and I/O', async () => {
    for (const mod of ['../agent/cli.js', '../server/app.js', 'node:fs']) {
      expect(await restrictedImports('shared/schema/example.ts', `import x from '${mod}';\nexport const y = x;\n`), mod).toHaveLength(1);
    }
  });

  it('allows what the architecture allows', async () => {
    expect(await restrictedImports('agent/detect/example.ts', `import { z } from 'zod';\nimport { Facts } from '../../shared/index.js';\nexport const y = [z, Facts];\n`)).toEqual([]);
    expect(await restrictedImports('agent/probes/example.ts', `import fs from 'node:fs';\nexport const y = fs;\n`)).toEqual([]);
    expect(await restrictedImports('server/app.ts', `import { Report } from '../shared/index.js';\nexport const y = Report;\n`)).toEqual([]);
  });
});
