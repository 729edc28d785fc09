// Matches one running process against the remote-access catalogue. A process is identified by
// its name, its executable's basename, any macOS bundle (`AnyDesk.app`) on its path, and the
// install directories the catalogue lists. Comparison ignores case and a trailing `.exe`.
import type { Platform, ProcessFact } from '../../shared/index.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';

/** What the matcher needs of a catalogue entry (remote-access tools, VPN clients). */
export interface MatchableTool {
  id: string;
  /** Process or bundle names; may hold `*`/`?` globs. */
  processes: readonly string[];
  /** Install directories or files, Windows or POSIX; `*` globs allowed. */
  installPaths: readonly string[];
}

export interface ProcessMatch<T extends MatchableTool = RemoteAccessTool> {
  tool: T;
  /** How it matched, for the analyst: `name:anydesk.exe`, `install path:C:\Program Files\AnyDesk\*`. */
  reason: string;
}

/** Linux truncates a process's comm name to 15 characters. */
const LINUX_COMM_LENGTH = 15;

export const processKey = (name: string) => name.trim().toLowerCase().replace(/\.exe$/, '');
const normalisePath = (path: string) => path.trim().toLowerCase().replace(/\\/g, '/').replace(/\/{2,}/g, '/');
const escapeRegex = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

function globToRegex(glob: string): RegExp {
  return new RegExp(`^${escapeRegex(glob).replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * Install path as written in the catalogue -> regex over a normalised executable path. A leading
 * `*` or `%VAR%` stands for any prefix, an inner `*` for part of one directory, and the path also
 * covers everything below it.
 */
export function installPathRegex(path: string): RegExp {
  return new RegExp(installPathParts(path).source);
}

/**
 * The install path's regex source, plus the directory or file name every matching executable
 * path must contain as a whole segment (its last segment, when that has no glob and is not glued
 * to a `*` prefix): the index that keeps matching from testing every pattern against every process.
 */
function installPathParts(path: string): { source: string; segment?: string } {
  let p = normalisePath(path).replace(/\/\*?$/, '');
  let prefix = '^';
  if (/^%[^%]+%/.test(p)) {
    p = p.replace(/^%[^%]+%/, '');
    prefix = '^.*';
  } else if (p.startsWith('*')) {
    p = p.slice(1);
    prefix = '^.*';
  } else if (/^[a-z]:\//.test(p)) {
    p = p.slice(2);
    prefix = '^[a-z]:';
  }
  const body = escapeRegex(p).replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  const segments = p.split('/');
  const last = segments[segments.length - 1] ?? '';
  const whole = segments.length > 1 || prefix !== '^.*';
  const segment = last !== '' && whole && !/[*?]/.test(last) ? last : undefined;
  return { source: `${prefix}${body}(/.*)?$`, segment };
}

/** What a process is known by: its name, its executable's basename and its bundle names. */
function identities(process: Pick<ProcessFact, 'name' | 'path'>): { key: string; label: string }[] {
  const out = [{ key: processKey(process.name), label: `name:${process.name}` }];
  if (process.path) {
    const segments = process.path.split(/[\\/]/).filter((s) => s !== '');
    const base = segments[segments.length - 1];
    if (base) out.push({ key: processKey(base), label: `path:${base}` });
    for (const s of segments) if (/\.app$/i.test(s)) out.push({ key: processKey(s.replace(/\.app$/i, '')), label: `bundle:${s}` });
  }
  return out;
}

export interface MatchOptions {
  /** Read a 15-character Linux name as a truncated comm (true for processes; false for app and service names). */
  commTruncation?: boolean;
}

export class RemoteAccessMatcher<T extends MatchableTool = RemoteAccessTool> {
  private readonly exact = new Map<string, { tool: T; name: string }[]>();
  /**
   * Name patterns by the first character a matching key must have, so a key is only tested
   * against the patterns it could match; `floatingPatterns` start with a glob.
   */
  private readonly patternsByFirst = new Map<string, NamePattern<T>[]>();
  private readonly floatingPatterns: NamePattern<T>[] = [];
  /** Exact names longer than a Linux comm, by their first 15 characters (all a comm keeps of them). */
  private readonly exactByComm = new Map<string, string[]>();
  /** Install paths indexed by the path segment they require; `unindexed` must be tried on every path. */
  private readonly pathsBySegment = new Map<string, InstallPathEntry<T>[]>();
  private readonly unindexedPaths: InstallPathEntry<T>[] = [];

  constructor(tools: readonly T[]) {
    let order = 0;
    for (const tool of tools) {
      for (const name of tool.processes) {
        const key = processKey(name);
        if (/[*?]/.test(key)) {
          const pattern = { regex: globToRegex(key), tool, name, order: order++ };
          if (/^[*?]/.test(key)) this.floatingPatterns.push(pattern);
          else this.patternsByFirst.set(key.charAt(0), [...(this.patternsByFirst.get(key.charAt(0)) ?? []), pattern]);
        } else {
          this.exact.set(key, [...(this.exact.get(key) ?? []), { tool, name }]);
        }
      }
      for (const path of tool.installPaths) {
        const { source, segment } = installPathParts(path);
        const entry = { regex: new RegExp(source), tool, path };
        if (segment === undefined) this.unindexedPaths.push(entry);
        else this.pathsBySegment.set(segment, [...(this.pathsBySegment.get(segment) ?? []), entry]);
      }
    }
    for (const key of this.exact.keys()) {
      if (key.length <= LINUX_COMM_LENGTH) continue;
      const comm = key.slice(0, LINUX_COMM_LENGTH);
      this.exactByComm.set(comm, [...(this.exactByComm.get(comm) ?? []), key]);
    }
  }

  /** The name patterns that can match a (non-empty) key, in catalogue order. */
  private patternsFor(key: string): NamePattern<T>[] {
    const anchored = this.patternsByFirst.get(key.charAt(0)) ?? [];
    if (this.floatingPatterns.length === 0) return anchored;
    return [...anchored, ...this.floatingPatterns].sort((a, b) => a.order - b.order);
  }

  /**
   * Tools this process belongs to. Evidence tiers, strongest first: an exact name, a name
   * pattern, an install directory, then (Linux) a comm name cut at 15 characters. Only the
   * strongest tier that matches counts, so a process is not attributed to a second tool by a
   * weaker rule.
   */
  match(process: Pick<ProcessFact, 'name' | 'path'>, platform: Platform, options: MatchOptions = {}): ProcessMatch<T>[] {
    const ids = identities(process).filter((i) => i.key !== '');
    const tiers: (() => ProcessMatch<T>[])[] = [
      () => ids.flatMap((i) => (this.exact.get(i.key) ?? []).map((e) => ({ tool: e.tool, reason: `${i.label} = ${e.name}` }))),
      () => ids.flatMap((i) => this.patternsFor(i.key).filter((p) => p.regex.test(i.key)).map((p) => ({ tool: p.tool, reason: `${i.label} ~ ${p.name}` }))),
      () => {
        if (!process.path) return [];
        const path = normalisePath(process.path);
        const candidates = [...new Set(path.split('/').flatMap((segment) => this.pathsBySegment.get(segment) ?? []))];
        return [...candidates, ...this.unindexedPaths].filter((p) => p.regex.test(path)).map((p) => ({ tool: p.tool, reason: `install path ${p.path}` }));
      },
      () => {
        const name = process.name.trim().toLowerCase();
        if (platform !== 'linux' || options.commTruncation === false || name.length !== LINUX_COMM_LENGTH) return [];
        return (this.exactByComm.get(name) ?? []).flatMap((key) =>
          (this.exact.get(key) ?? []).map((e) => ({ tool: e.tool, reason: `name:${process.name} (truncated) = ${e.name}` })));
      },
    ];
    for (const tier of tiers) {
      const found = tier();
      if (found.length) return dedupeByTool(found);
    }
    return [];
  }
}

interface NamePattern<T> {
  regex: RegExp;
  tool: T;
  name: string;
  /** Position in the catalogue: matches keep catalogue order. */
  order: number;
}

interface InstallPathEntry<T> {
  regex: RegExp;
  tool: T;
  path: string;
}

function dedupeByTool<T extends MatchableTool>(matches: ProcessMatch<T>[]): ProcessMatch<T>[] {
  const seen = new Map<string, ProcessMatch<T>>();
  for (const m of matches) if (!seen.has(m.tool.id)) seen.set(m.tool.id, m);
  return [...seen.values()];
}
