// Remote-access tools by catalogue id and by what a process, socket owner or installed item is.
// Several checks ask what one process is; the answer is kept per process object (facts are not
// mutated), so a scan matches each process against the catalogue once.
import type { ConnectionFact, Facts, Platform, ProcessFact } from '../../shared/index.js';
import { REMOTE_ACCESS_CATALOGUE } from '../catalogues/remote-access.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';
import type { InstalledItem } from './installed-items.js';
import { RemoteAccessMatcher } from './remote-access-matcher.js';
import type { ProcessMatch } from './remote-access-matcher.js';
import { looseKey } from './remote-access-sanction.js';

/** The remote-access catalogue's matcher, shared by the remote-access and VPN checks. */
export const REMOTE_ACCESS_MATCHER = new RemoteAccessMatcher(REMOTE_ACCESS_CATALOGUE.tools);

const matchesByProcess = new WeakMap<ProcessFact, { platform: Platform; matches: ProcessMatch[] }>();

/** REMOTE_ACCESS_MATCHER.match for a process of the facts, computed once per process object. */
export function remoteAccessMatchesOf(process: ProcessFact, platform: Platform): ProcessMatch[] {
  const cached = matchesByProcess.get(process);
  if (cached?.platform === platform) return cached.matches;
  const matches = REMOTE_ACCESS_MATCHER.match(process, platform);
  matchesByProcess.set(process, { platform, matches });
  return matches;
}

const byId = new Map(REMOTE_ACCESS_CATALOGUE.tools.map((t) => [t.id, t]));

export const remoteAccessTool = (id: string | undefined): RemoteAccessTool | undefined => (id === undefined ? undefined : byId.get(id));

/** Ids of the tools with a running process. */
export function runningToolIds(facts: Facts): Set<string> {
  return new Set(facts.processes.flatMap((p) => remoteAccessMatchesOf(p, facts.platform).map((m) => m.tool.id)));
}

/** The process owning a socket (from the process list, else the socket's own name) and its tools. */
export function socketOwner(facts: Facts, socket: ConnectionFact, processes: ReadonlyMap<number, ProcessFact>): { process?: ProcessFact; tools: RemoteAccessTool[] } {
  const listed = socket.pid === undefined ? undefined : processes.get(socket.pid);
  if (listed) return { process: listed, tools: remoteAccessMatchesOf(listed, facts.platform).map((m) => m.tool) };
  if (!socket.processName) return { tools: [] };
  const named = { pid: socket.pid ?? 0, name: socket.processName };
  return { process: named, tools: REMOTE_ACCESS_MATCHER.match(named, facts.platform).map((m) => m.tool) };
}

export const processIndex = (facts: Facts) => new Map(facts.processes.map((p) => [p.pid, p]));

const NO_TRUNCATION = { commTruncation: false } as const;
const matchesByItem = new WeakMap<InstalledItem, { platform: Platform; matches: { tool: RemoteAccessTool; reason: string }[] }>();
/** Tool names and aliases by loose key; keys under 4 characters are too generic to identify a program. */
const BY_NAME = new Map(REMOTE_ACCESS_CATALOGUE.tools.flatMap((tool) => [tool.name, ...tool.aliases].map((n) => [looseKey(n), tool] as const)).filter(([key]) => key.length >= 4));

/**
 * The tools an installed program or service is: by the process matcher (names, install paths),
 * else, for programs, by a name equal to a tool's name or alias (`Parsec`, `Quick Assist`).
 */
export function remoteAccessToolsOfItem(item: InstalledItem, platform: Platform): { tool: RemoteAccessTool; reason: string }[] {
  const cached = matchesByItem.get(item);
  if (cached?.platform === platform) return cached.matches;
  const byMatcher = item.names.flatMap((name) => REMOTE_ACCESS_MATCHER.match({ name, path: item.path }, platform, NO_TRUNCATION));
  const matches = byMatcher.length || item.kind !== 'app' ? byMatcher : item.names.flatMap((name) => {
    const tool = BY_NAME.get(looseKey(name));
    return tool ? [{ tool, reason: `product name:${name} = ${tool.name}` }] : [];
  });
  matchesByItem.set(item, { platform, matches });
  return matches;
}
