// Remote-access tools running on the laptop (LOLRMM-derived catalogue). One finding per tool with
// every matching process; tools the policy sanctions (by name, path prefix or signer) are reported
// as `remote_access.sanctioned`.
import type { Facts, Finding, Policy, ProcessFact } from '../../shared/index.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';
import { makeFinding, unique } from './finding.js';
import { sanctionedBy } from './remote-access-sanction.js';
import { remoteAccessMatchesOf } from './remote-access-tools.js';

export { isSanctioned } from './remote-access-sanction.js';
export { REMOTE_ACCESS_MATCHER } from './remote-access-tools.js';

interface Hit {
  tool: RemoteAccessTool;
  processes: ProcessFact[];
  reasons: string[];
}

export function detectRemoteAccess(facts: Facts, policy: Policy): Finding[] {
  const hits = new Map<string, Hit>();
  for (const process of facts.processes) {
    for (const { tool, reason } of remoteAccessMatchesOf(process, facts.platform)) {
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
  const sanctioned = sanctionedBy({
    tool,
    paths: sorted.map((p) => p.path ?? ''),
    signers: sorted.map((p) => p.signer ?? ''),
  }, policy);
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
      evidence: { ...evidence, sanctionedBy: sanctioned },
    });
  }
  return makeFinding('remote_access.process_running', {
    subject: tool.name,
    summary: `${tool.name}, a ${kind}, is running: ${count}.`,
    evidence,
    severity: tool.severity,
  });
}
