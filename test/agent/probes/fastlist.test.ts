// The Windows process helper's output format (fastlist 0.3.0: `pid<TAB>ppid<TAB>name` per line,
// CRLF). The sample is constructed from that format, not recorded on a Windows machine.
import { describe, expect, it } from 'vitest';
import { FASTLIST_ASSET, parseFastlist } from '../../../agent/probes/portable/process-list.js';

describe('fastlist output', () => {
  it('parses pid, parent and name, and skips lines that are not processes', () => {
    const stdout = '0\t0\t[System Process]\r\n4\t0\tSystem\r\n6120\t812\tAnyDesk.exe\r\n7000\t\tnoparent.exe\r\n\r\ngarbage line\r\n';
    expect(parseFastlist(stdout)).toEqual([
      { pid: 0, ppid: 0, name: '[System Process]' },
      { pid: 4, ppid: 0, name: 'System' },
      { pid: 6120, ppid: 812, name: 'AnyDesk.exe' },
      { pid: 7000, ppid: undefined, name: 'noparent.exe' },
    ]);
  });

  it('names the asset after the helper ps-list ships', async () => {
    const { readdir } = await import('node:fs/promises');
    expect(await readdir('node_modules/ps-list/vendor')).toContain(FASTLIST_ASSET);
  });
});
