// Remote-access tools running on the laptop (LOLRMM-derived catalogue). One finding per tool with
// every matching process; tools the policy sanctions are reported as `remote_access.sanctioned`.
import type { Facts, Finding, Policy, ProcessFact } from '../../shared/index.js';
import { REMOTE_ACCESS_CATALOGUE } from '../catalogues/remote-access.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';
import { makeFinding, unique } from './finding.js';
import { RemoteAccessMatcher } from './remote-access-matcher.js';

const matcher = new RemoteAccessMatcher(REMOTE_ACCESS_CATALOGUE.tools);

const looseKey = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Policy entries name a tool by id, name or alias, ignoring case and punctuation. */
export function isSanctioned(tool: RemoteAccessTool, allowed: readonly string[]): boolean {
  const names = new Set([tool.id, tool.name, ...tool.aliases].map(looseKey));
  return allowed.some((a) => looseKey(a) !== '' && names.has(looseKey(a)));
}

interface Hit {
  tool: RemoteAccessTool;
  processes: ProcessFact[];
  reasons: string[];
}

export function detectRemoteAccess(facts: Facts, policy: Policy): Finding[] {
  const hits = new Map<string, Hit>();
  for (const process of facts.processes) {
    for (const { tool, reason } of matcher.match(process, facts.platform)) {
      const hit = hits.get(tool.id) ?? { tool, processes: [], reasons: [] };
      hit.processes.push(process);
      hit.reasons.push(reason);
      hits.set(tool.id, hit);
    }
  }
  return [...hits.values()].map((hit) => toFinding(hit, policy));
}

function toFinding({ tool, processes, reasons }: Hit, policy: Policy): Finding {
  const sorted = [...processes].sort((a, b) => a.pid - b.pid);
  const pids = sorted.map((p) => String(p.pid));
  const sanctioned = isSanctioned(tool, policy.remoteAccess.allowedTools);
  const count = sorted.length === 1 ? `1 process (pid ${pids[0]})` : `${sorted.length} processes (pids ${pids.slice(0, 5).join(', ')}${sorted.length > 5 ? ', …' : ''})`;
  const kind = tool.role === 'client' ? 'remote-access client' : `remote-access tool (${tool.category})`;
  const evidence = {
    toolId: tool.id,
    toolName: tool.name,
    category: tool.category,
    role: tool.role,
    processCount: sorted.length,
    pids,
    processNames: unique(sorted.map((p) => p.name)),
    paths: unique(sorted.flatMap((p) => (p.path ? [p.path] : []))),
    users: unique(sorted.flatMap((p) => (p.user ? [p.user] : []))),
    matchedBy: unique(reasons).sort(),
  };
  if (sanctioned) {
    return makeFinding('remote_access.sanctioned', {
      subject: tool.name,
      summary: `${tool.name}, a ${kind} the policy sanctions, is running: ${count}.`,
      evidence: { ...evidence, sanctionedBy: 'policy.remoteAccess.allowedTools' },
    });
  }
  return makeFinding('remote_access.process_running', {
    subject: tool.name,
    summary: `${tool.name}, a ${kind}, is running: ${count}.`,
    evidence,
    severity: tool.severity,
  });
}
