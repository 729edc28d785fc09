// The install-path index of the matcher must never lose a match: every install path in both
// catalogues, made concrete, still matches its tool (and the brute-force regex agrees).
import { describe, expect, it } from 'vitest';
import { REMOTE_ACCESS_CATALOGUE } from '../../../agent/catalogues/remote-access.js';
import { VPN_CLIENTS } from '../../../agent/catalogues/vpn-clients.js';
import { RemoteAccessMatcher, installPathRegex, type MatchableTool } from '../../../agent/detect/remote-access-matcher.js';

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
