import { chmod, mkdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privateCacheDir } from '../../../agent/runtime/compile-cache.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe.runIf(process.platform !== 'win32')('compile cache directory', () => {
  const uid = process.getuid!();

  it('is a 0700 directory of this user under the base', async () => {
    expect(privateCacheDir(dir, uid)).toBe(join(dir, `farmwatch-agent-${uid}`, 'compile-cache'));
    const info = await stat(join(dir, `farmwatch-agent-${uid}`));
    expect(info.mode & 0o777).toBe(0o700);
    // a second run reuses it
    expect(privateCacheDir(dir, uid)).toBe(join(dir, `farmwatch-agent-${uid}`, 'compile-cache'));
  });

  it('is refused when others can write to it, or when it is a link', async () => {
    await mkdir(join(dir, `farmwatch-agent-${uid}`));
    await chmod(join(dir, `farmwatch-agent-${uid}`), 0o777);
    expect(privateCacheDir(dir, uid)).toBeUndefined();

    const other = join(dir, 'other');
    await mkdir(join(other, 'elsewhere'), { recursive: true, mode: 0o700 });
    await symlink(join(other, 'elsewhere'), join(other, `farmwatch-agent-${uid}`));
    expect(privateCacheDir(other, uid)).toBeUndefined();
  });

  it('is refused when another user owns it', () => {
    expect(privateCacheDir(dir, uid + 1)).toBeUndefined();
  });
});
