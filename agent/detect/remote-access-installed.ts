// Remote-access tools installed but not running: installed programs, services and install
// directories matched against the LOLRMM-derived catalogue with the process matcher, and program
// names equal to a tool's name or alias (`Parsec`, `Quick Assist`; version suffixes dropped). A running
// tool is reported by remote_access.process_running; an enabled remote desktop service (xrdp,
// x11vnc...) by remote_access.service_listening. Sanctioned tools are `remote_access.sanctioned`.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';
import { makeFinding, unique } from './finding.js';
import { installedItems } from './installed-items.js';
import type { InstalledItem } from './installed-items.js';
import { activeRemoteDesktopService } from './remote-access-listening.js';
import { sanctionedBy } from './remote-access-sanction.js';
import { remoteAccessToolsOfItem, runningToolIds } from './remote-access-tools.js';

interface Hit {
  tool: RemoteAccessTool;
  items: InstalledItem[];
  reasons: string[];
}

const describeItem = (item: InstalledItem) => `${item.label} (${item.source}${item.path ? `: ${item.path}` : ''})`;

export function detectRemoteAccessInstalled(facts: Facts, policy: Policy): Finding[] {
  const running = runningToolIds(facts);
  const hits = new Map<string, Hit>();
  for (const item of installedItems(facts)) {
    if (activeRemoteDesktopService(item)) continue;
    for (const { tool, reason } of remoteAccessToolsOfItem(item, facts.platform)) {
      if (running.has(tool.id)) continue;
      const hit = hits.get(tool.id) ?? { tool, items: [], reasons: [] };
      if (!hit.items.includes(item)) hit.items.push(item);
      hit.reasons.push(`${item.kind} ${reason}`);
      hits.set(tool.id, hit);
    }
  }
  return [...hits.values()].map(({ tool, items, reasons }) => {
    const described = unique(items.map(describeItem)).sort();
    const sanctioned = sanctionedBy({ tool, paths: items.map((i) => i.path ?? ''), signers: items.map((i) => i.signer ?? '') }, policy);
    const evidence = {
      toolId: tool.id,
      toolName: tool.name,
      category: tool.category,
      role: tool.role,
      items: described,
      paths: unique(items.flatMap((i) => (i.path ? [i.path] : []))).sort(),
      sources: unique(items.map((i) => i.source)).sort(),
      matchedBy: unique(reasons).sort(),
    };
    const list = `${described.slice(0, 3).join('; ')}${described.length > 3 ? '; …' : ''}`;
    if (sanctioned) {
      return makeFinding('remote_access.sanctioned', {
        subject: tool.name,
        summary: `${tool.name}, a remote-access tool the policy sanctions, is installed (not running): ${list}.`,
        evidence: { ...evidence, sanctionedBy: sanctioned },
      });
    }
    return makeFinding('remote_access.installed', {
      subject: tool.name,
      summary: `${tool.name}, a ${tool.role === 'client' ? 'remote-access client' : `remote-access tool (${tool.category})`}, is installed but not running: ${list}.`,
      evidence,
      ...(tool.role === 'client' ? { severity: 'low' as const } : {}),
    });
  });
}
