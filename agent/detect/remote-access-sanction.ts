// Whether the policy sanctions a remote-access tool, by catalogue name, install path prefix or
// code-signing identity. Shared by every remote-access check so one policy entry covers a tool
// whether it runs, is installed, listens or holds a session.
import type { Policy } from '../../shared/index.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';

export type SanctionSource = 'policy.remoteAccess.allowedTools' | 'policy.remoteAccess.allowedPaths' | 'policy.remoteAccess.allowedSigners';

export const looseKey = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const normalisePath = (path: string) => path.trim().toLowerCase().replace(/\\/g, '/').replace(/\/{2,}/g, '/');

/** Policy entries name a tool by id, name or alias, ignoring case and punctuation. */
export function isSanctioned(tool: RemoteAccessTool, allowed: readonly string[]): boolean {
  const names = new Set([tool.id, tool.name, ...tool.aliases].map(looseKey));
  return allowed.some((a) => looseKey(a) !== '' && names.has(looseKey(a)));
}

/** `prefix` covers `path` itself and everything below it, not a sibling that merely starts alike. */
export function isUnderPath(path: string, prefix: string): boolean {
  const p = normalisePath(path);
  const pre = normalisePath(prefix).replace(/\/$/, '');
  return pre !== '' && (p === pre || p.startsWith(`${pre}/`));
}

export interface SanctionSubject {
  tool?: RemoteAccessTool;
  /** Extra names the subject goes by (e.g. `RDP`, `VNC` for a listening port). */
  names?: readonly string[];
  /** Every path must lie under an allowed prefix (a missing one: pass ''). */
  paths?: readonly string[];
  /** Every signer must be allowed (a missing one: pass ''). */
  signers?: readonly string[];
}

/** The policy field that sanctions this subject, or undefined. */
export function sanctionedBy(subject: SanctionSubject, policy: Policy): SanctionSource | undefined {
  const { allowedTools, allowedPaths, allowedSigners } = policy.remoteAccess;
  const names = new Set((subject.names ?? []).map(looseKey).filter((n) => n !== ''));
  if ((subject.tool && isSanctioned(subject.tool, allowedTools)) || allowedTools.some((a) => names.has(looseKey(a)))) return 'policy.remoteAccess.allowedTools';
  const paths = subject.paths ?? [];
  if (paths.length && paths.every((path) => allowedPaths.some((prefix) => isUnderPath(path, prefix)))) return 'policy.remoteAccess.allowedPaths';
  const allowed = new Set(allowedSigners.map((s) => s.trim().toLowerCase()).filter((s) => s !== ''));
  const signers = subject.signers ?? [];
  if (signers.length && signers.every((s) => allowed.has(s.trim().toLowerCase()))) return 'policy.remoteAccess.allowedSigners';
  return undefined;
}
