// The policy page's line diff.
import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../server/console/diff.js';

describe('lineDiff', () => {
  it('keeps common lines and marks what was removed and added, in order', () => {
    expect(lineDiff('{\n  "a": 1,\n  "b": 2\n}', '{\n  "a": 1,\n  "b": 3,\n  "c": 4\n}')).toEqual([
      { kind: 'same', text: '{' }, { kind: 'same', text: '  "a": 1,' },
      { kind: 'removed', text: '  "b": 2' }, { kind: 'added', text: '  "b": 3,' }, { kind: 'added', text: '  "c": 4' },
      { kind: 'same', text: '}' },
    ]);
  });

  it('finds no change in equal texts', () => {
    expect(lineDiff('x\ny', 'x\ny').every((l) => l.kind === 'same')).toBe(true);
  });
});
