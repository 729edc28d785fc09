// The matcher's indexes must never lose a match: every install path in both catalogues, made
// concrete, still matches its tool (and the brute-force regex agrees); names matched through the
// pattern and truncated-comm indexes give what testing every catalogue name gives.
import { describe, expect, it } from 'vitest';
import { REMOTE_ACCESS_CATALOGUE } from '../../../agent/catalogues/remote-access.js';
import { VPN_CLIENTS } from '../../../agent/catalogues/vpn-clients.js';
import { RemoteAccessMatcher, installPathRegex, processKey, type MatchableTool } from '../../../agent/detect/remote-access-matcher.js';

/** A real-looking executable path under a catalogue install path. */
function concrete(installPath: string): string {
  return installPath
    .replace(/^%[^%]+%/, 'C:\\Program Files')
    .replace(/^\*/, '/opt/vendor')
    .replace(/\*/g, 'x')
    .replace(/\?/g, 'y')
    .replace(/[\\/]+$/, '') + (installPath.includes('\\') ? '\\bin\\helper-binary.exe' : '/bin/helper-binary');
}

function checkAll(tools: readonly MatchableTool[]) {
  const matcher = new RemoteAccessMatcher(tools);
  let checked = 0;
  for (const tool of tools) {
    for (const installPath of tool.installPaths) {
      const path = concrete(installPath);
      const normalised = path.toLowerCase().replace(/\\/g, '/').replace(/\/{2,}/g, '/');
      if (!installPathRegex(installPath).test(normalised)) continue; // the concrete path is not under it (odd glob)
      // A name that no catalogue knows, so only the install-path tier can match.
      const matches = matcher.match({ name: 'helper-binary', path }, 'win32');
      expect(matches.map((m) => m.tool.id), `${tool.id}: ${installPath} -> ${path}`).toContain(tool.id);
      checked += 1;
    }
  }
  return checked;
}

describe('install-path index', () => {
  it('finds every remote-access tool by each of its install paths', () => {
    expect(checkAll(REMOTE_ACCESS_CATALOGUE.tools)).toBeGreaterThan(200);
  });

  it('finds every VPN client by each of its install paths', () => {
    expect(checkAll(VPN_CLIENTS as unknown as MatchableTool[])).toBeGreaterThan(10);
  });
});

/** Tiers 1, 2 and 4 of the matcher without its indexes: every catalogue name tried in turn. */
function bruteForceNames(tools: readonly MatchableTool[]): (name: string, platform: 'linux' | 'win32') => string[] {
  const glob = (key: string) => new RegExp(`^${key.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const names = tools.flatMap((tool) => tool.processes.map((n) => ({ tool, key: processKey(n) })));
  const exact = names.filter((n) => !/[*?]/.test(n.key));
  const patterns = names.filter((n) => /[*?]/.test(n.key)).map((n) => ({ ...n, regex: glob(n.key) }));
  return (name, platform) => {
    const key = processKey(name);
    const comm = name.trim().toLowerCase();
    const tiers = [
      () => exact.filter((n) => n.key === key),
      () => patterns.filter((n) => n.regex.test(key)),
      () => (platform === 'linux' && comm.length === 15 ? exact.filter((n) => n.key.length > 15 && n.key.startsWith(comm)) : []),
    ];
    for (const tier of tiers) {
      const found = tier();
      if (found.length) return [...new Set(found.map((n) => n.tool.id))];
    }
    return [];
  };
}

/** Patterns the catalogues lack: leading globs, mixed with anchored ones in catalogue order. */
const SYNTHETIC: MatchableTool[] = [
  { id: 'leading-glob', processes: ['?nydesk', '*viewer*'], installPaths: [] },
  { id: 'anchored', processes: ['anydesk*', 'averyveryverylongname-agent'], installPaths: [] },
  { id: 'suffix', processes: ['*desk', 'averyveryverylongname-helper'], installPaths: [] },
];

describe('name indexes', () => {
  it.each([
    ['remote-access', REMOTE_ACCESS_CATALOGUE.tools as readonly MatchableTool[]],
    ['VPN', VPN_CLIENTS as unknown as MatchableTool[]],
    ['synthetic', SYNTHETIC],
  ])('match %s names as testing every catalogue name does', (_, tools) => {
    const matcher = new RemoteAccessMatcher(tools);
    const bruteForce = bruteForceNames(tools);
    const keys = tools.flatMap((tool) => tool.processes.map(processKey));
    // Each catalogue name made concrete, cut to a Linux comm, with a suffix, and names no tool has.
    const names = [...keys.flatMap((key) => {
      const concreteName = key.replace(/\*/g, 'x').replace(/\?/g, 'y');
      return [concreteName, concreteName.slice(0, 15), `${concreteName}-helper`, concreteName.toUpperCase(), `${concreteName}.exe`];
    }), 'systemd', 'kworker/0:1-events', 'node', '*', 'x', 'anydesk', 'teamviewer'];
    let matched = 0;
    for (const name of names) {
      for (const platform of ['linux', 'win32'] as const) {
        const expected = bruteForce(name, platform);
        expect(matcher.match({ name }, platform).map((m) => m.tool.id), `${name} on ${platform}`).toEqual(expected);
        if (expected.length) matched += 1;
      }
    }
    expect(matched).toBeGreaterThan(Math.min(tools.length, 10));
  });
});
