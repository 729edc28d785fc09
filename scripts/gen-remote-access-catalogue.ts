// Generates agent/catalogues/remote-access.json from the LOLRMM YAML entries plus the curation
// in agent/catalogues/remote-access-curation.ts. Output is sorted so regeneration gives no diff.
//   npx tsx scripts/gen-remote-access-catalogue.ts [--source DIR] [--out FILE] [--quiet]
// (`npm run gen:catalogue`). Nothing is written unless the whole generation succeeds.
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { signal } from '../shared/index.js';
import {
  CLIENT_TOOLS, DROPPED_INSTALL_PATHS, EXTRA_TOOLS, GENERIC_PROCESS_NAMES, GENERIC_PROCESS_PATTERNS, MERGES, REMOVALS,
  SHARED_NAME_OWNERS, SUPPLEMENTS,
} from '../agent/catalogues/remote-access-curation.js';
import type { RemoteAccessCatalogue, RemoteAccessTool, ToolOs } from '../agent/catalogues/remote-access-types.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** LOLRMM yaml/ directory: `--source`, else $LOLRMM_YAML_DIR, else the reference copy in ../shared beside the repo. */
export const DEFAULT_SOURCE = process.env.LOLRMM_YAML_DIR ?? resolve(REPO_ROOT, '../shared/data/lolrmm/yaml');
export const DEFAULT_OUT = join(REPO_ROOT, 'agent/catalogues/remote-access.json');
export const LOLRMM_COMMIT = '3c75cf091b10bf7e8ecd576055c44d172b35ff21';

/** The parts of a LOLRMM entry the catalogue uses; everything else is ignored. */
interface LolrmmEntry {
  file: string;
  name: string;
  category: 'RMM' | 'RAT';
  supportedOs: string[];
  installationPaths: string[];
  peNames: string[];
  diskOs: string[];
  registryKeys: string[];
  domains: string[];
  ports: unknown[];
  namedPipes: string[];
}

export interface Dropped {
  tool: string;
  value: string;
  reason: string;
}

export interface GenerationResult {
  catalogue: RemoteAccessCatalogue;
  dropped: Dropped[];
  entriesRead: number;
}

// ---------- reading ----------

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown): string[] => asArray(v).map(asString).filter((s): s is string => s !== undefined);

function readEntry(file: string, text: string): LolrmmEntry {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  const top = record(doc);
  const name = asString(top.Name);
  if (!name) throw new Error(`${file}: missing Name`);
  const category = top.Category;
  if (category !== 'RMM' && category !== 'RAT') throw new Error(`${file}: Category must be RMM or RAT, got ${JSON.stringify(category)}`);
  const details = record(top.Details);
  const artifacts = record(top.Artifacts);
  // PEMetadata is a dict, a list of dicts or null depending on the entry.
  const peNames = asArray(details.PEMetadata).flatMap((pe) => [asString(record(pe).Filename), asString(record(pe).OriginalFileName)])
    .filter((s): s is string => s !== undefined);
  const network = asArray(artifacts.Network).map(record);
  return {
    file,
    name,
    category,
    supportedOs: strings(details.SupportedOS),
    // One entry puts InstallationPaths at the top level instead of under Details.
    installationPaths: [...strings(details.InstallationPaths), ...strings(top.InstallationPaths)],
    peNames,
    diskOs: asArray(artifacts.Disk).map((d) => asString(record(d).OS)).filter((s): s is string => s !== undefined),
    registryKeys: asArray(artifacts.Registry).map((r) => asString(record(r).Path)).filter((s): s is string => s !== undefined),
    domains: network.flatMap((n) => strings(n.Domains)),
    ports: network.flatMap((n) => asArray(n.Ports)),
    namedPipes: asArray(artifacts.Other).map(record).filter((o) => o.Type === 'NamedPipe')
      .map((o) => asString(o.Value)).filter((s): s is string => s !== undefined),
  };
}

export function readLolrmm(sourceDir: string): LolrmmEntry[] {
  if (!existsSync(sourceDir)) throw new Error(`LOLRMM source directory ${sourceDir} does not exist (pass --source DIR or set LOLRMM_YAML_DIR)`);
  const files = readdirSync(sourceDir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`${sourceDir} holds no .yaml files`);
  return files.map((f) => readEntry(f, readFileSync(join(sourceDir, f), 'utf8')));
}

// ---------- normalising ----------

const withoutParenthetical = (name: string) => name.replace(/\s*\([^)]*\)\s*/g, ' ').trim();

/** Key under which near-duplicate names merge: `Ultra VNC` = `UltraVNC`, `Microsoft Quick Assist` = `Quick Assist`. */
export const nameKey = (name: string) => withoutParenthetical(name).toLowerCase().replace(/^microsoft\s+/, '').replace(/[^a-z0-9]/g, '');

export const slug = (name: string) => withoutParenthetical(name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Lowercase, without `.exe`: the form names are compared in. */
export const processKey = (name: string) => name.toLowerCase().replace(/\.exe$/, '');

const OS_NAMES: Record<string, ToolOs> = { windows: 'windows', mac: 'macos', macos: 'macos', osx: 'macos', linux: 'linux' };
const normaliseOs = (values: string[]) => values.map((v) => OS_NAMES[v.toLowerCase().replace(/\s+/g, '')]).filter((v): v is ToolOs => v !== undefined);

const isWindowsPath = (p: string) => /^[a-z]:[\\/]/i.test(p) || p.includes('\\') || p.startsWith('%');
const NON_PROCESS_EXTENSIONS = new Set(['dll', 'msi', 'mst', 'pkg', 'lnk', 'xml', 'json', 'zip', 'sock', 'ps1', 'cmd', 'py', 'bashrc', 'tmp', 'mui', 'plist', 'service', 'conf', 'txt', 'bin', 'exee', 'ese', 'com', 'vbs', 'dmg']);
const GLOB = /[*?]/;
const REGEX_JUNK = /[[\]{}()|^$+<>]/;
const GENERIC_ROOT_SEGMENTS = new Set([
  'c:', '', '*', 'windows', 'system32', 'syswow64', 'program files', 'program files (x86)', 'programdata', 'users', 'appdata', 'local',
  'roaming', 'temp', 'downloads', 'usr', 'bin', 'sbin', 'lib', 'opt', 'etc', 'var', 'library', 'applications', 'application support',
  'programs', '%appdata%', '%programdata%', '%userprofile%', 'downloads', 'default', 'user data',
]);

/** Why a candidate process name is not evidence, or undefined when it is. */
export function processNameProblem(name: string): string | undefined {
  const key = processKey(name);
  if (REGEX_JUNK.test(name)) return 'regex or placeholder';
  if (/^[0-9a-f]{32,}$/i.test(key)) return 'a hash, not a name';
  const ext = /\.exe$/i.test(name) ? undefined : /\.([^.]+)$/.exec(name)?.[1]?.replace(/[*?]/g, '');
  if (ext !== undefined && NON_PROCESS_EXTENSIONS.has(ext.toLowerCase())) return `.${ext} is not a process`;
  if (!/\.exe$/i.test(name) && /\s/.test(name) && name.split(/\s+/).length > 3) return 'a sentence, not a name';
  if (/'/.test(name) && !/\.exe$/i.test(name)) return 'a sentence, not a name';
  if (GENERIC_PROCESS_NAMES.includes(key)) return 'generic name (denylist)';
  if (GENERIC_PROCESS_PATTERNS.includes(key)) return 'generic pattern (denylist)';
  const literal = key.split(/[*?]/)[0] ?? '';
  if (GLOB.test(key) ? literal.length < 4 : key.length < 4) return GLOB.test(key) ? 'pattern prefix under 4 characters' : 'name under 4 characters';
  return undefined;
}

/** Why an install path is too broad or malformed to attribute a process to one tool. */
export function installPathProblem(path: string): string | undefined {
  if (DROPPED_INSTALL_PATHS.includes(path)) return 'covers a whole vendor (curation)';
  if (/<[^>]*>/.test(path)) return 'placeholder';
  if (!isWindowsPath(path) && !path.startsWith('/')) return 'not a path';
  const segments = path.replace(/\\+/g, '/').split('/').map((s) => s.trim().toLowerCase());
  const specific = segments.filter((s) => !GENERIC_ROOT_SEGMENTS.has(s) && s.replace(/[*?]/g, '').length >= 2);
  return specific.length === 0 ? 'no product-specific directory' : undefined;
}

/** Splits LOLRMM InstallationPaths into bare process names and install paths. */
function classifyInstallationPath(value: string): { process?: string; bundle?: string; path?: string } {
  const cleaned = value.replace(/\\\\/g, '\\');
  const hasSeparator = cleaned.includes('\\') || cleaned.includes('/');
  if (!hasSeparator) return /\.app$/i.test(cleaned) ? { bundle: cleaned.replace(/\.app$/i, '') } : { process: cleaned };
  const windows = isWindowsPath(cleaned);
  const segments = cleaned.split(windows ? /\\/ : /\//);
  const last = segments[segments.length - 1] ?? '';
  const bundleSegment = windows ? undefined : segments.find((s) => /\.app$/i.test(s));
  const result: { process?: string; bundle?: string; path?: string } = { path: cleaned };
  if (bundleSegment) result.bundle = bundleSegment.replace(/\.app$/i, '');
  else if (windows ? /\.exe$/i.test(last) : last !== '' && !last.includes('.') && !GLOB.test(last) && !/^\/etc\/(?!init\.d\/)/.test(cleaned)) {
    result.process = last;
  }
  return result;
}

interface Candidate {
  tool: string;
  value: string;
}

function normaliseDomain(raw: string): string | undefined {
  const d = raw.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '').replace(/:\d+$/, '');
  if (REGEX_JUNK.test(d) || /\s|_managed/.test(d) || !d.includes('.')) return undefined;
  if (d.split('.').some((label) => label === '' || label.startsWith('-') || label.endsWith('-'))) return undefined;
  return d;
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
/** Hosts every software project uses: they say nothing about the tool. */
const SHARED_HOSTS = /(^|\.)(github\.com|githubusercontent\.com|ghcr\.io|softonic\.com|software\.informer\.com|stunprotocol\.org)$/;

// ---------- building ----------

interface Group {
  name: string;
  aliases: Set<string>;
  entries: LolrmmEntry[];
}

function groupEntries(entries: LolrmmEntry[]): Group[] {
  const explicit = new Map<string, (typeof MERGES)[number]>();
  for (const merge of MERGES) for (const member of merge.members) explicit.set(member, merge);
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const merge = explicit.get(entry.name);
    const key = merge ? `merge:${merge.name}` : nameKey(entry.name);
    let group = groups.get(key);
    if (!group) {
      group = { name: merge?.name ?? entry.name, aliases: new Set(merge?.aliases ?? []), entries: [] };
      groups.set(key, group);
    }
    group.entries.push(entry);
  }
  const known = new Set(entries.map((e) => e.name));
  for (const merge of MERGES) for (const member of merge.members) {
    if (!known.has(member)) throw new Error(`curation MERGES names "${member}", which no LOLRMM entry has`);
  }
  for (const group of groups.values()) {
    if (!MERGES.some((m) => m.name === group.name)) {
      // Auto-merged near-duplicates: prefer a name without a parenthetical, then the shortest.
      const names = [...new Set(group.entries.map((e) => e.name))];
      names.sort((a, b) => Number(a.includes('(')) - Number(b.includes('(')) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      group.name = names[0]!;
    }
    for (const e of group.entries) if (e.name !== group.name) group.aliases.add(e.name);
  }
  return [...groups.values()];
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const caseInsensitive = (a: string, b: string) => byCode(a.toLowerCase(), b.toLowerCase()) || byCode(a, b);

/** Distinct values, one spelling per case-insensitive key (the first in code order), sorted. */
function distinct(values: Iterable<string>, keyOf: (v: string) => string = (v) => v.toLowerCase()): string[] {
  const chosen = new Map<string, string>();
  for (const v of [...values].sort(byCode)) if (!chosen.has(keyOf(v))) chosen.set(keyOf(v), v);
  return [...chosen.values()].sort(caseInsensitive);
}

export function buildCatalogue(sourceDir: string): GenerationResult {
  const entries = readLolrmm(sourceDir);
  const dropped: Dropped[] = [];
  const drop = (tool: string, value: string, reason: string) => {
    if (!dropped.some((d) => d.tool === tool && d.value === value && d.reason === reason)) dropped.push({ tool, value, reason });
  };
  const clientNames = new Set(CLIENT_TOOLS);
  for (const name of CLIENT_TOOLS) {
    if (!entries.some((e) => e.name === name) && !MERGES.some((m) => m.name === name)) throw new Error(`curation CLIENT_TOOLS names unknown tool "${name}"`);
  }

  const tools: RemoteAccessTool[] = groupEntries(entries).map((group) => {
    const id = slug(group.name);
    const removals = new Set(group.entries.flatMap((e) => REMOVALS[e.name] ?? []));
    const processes: Candidate[] = [];
    const paths: Candidate[] = [];
    const os = new Set<ToolOs>();
    for (const e of group.entries) {
      normaliseOs(e.supportedOs).forEach((o) => os.add(o));
      normaliseOs(e.diskOs).forEach((o) => os.add(o));
      for (const raw of e.installationPaths) {
        if (removals.has(raw)) {
          drop(group.name, raw, 'belongs to another tool (curation)');
          continue;
        }
        const c = classifyInstallationPath(raw);
        if (c.process) processes.push({ tool: group.name, value: c.process });
        if (c.bundle) processes.push({ tool: group.name, value: c.bundle });
        if (c.path) paths.push({ tool: group.name, value: c.path });
      }
      for (const pe of e.peNames) {
        if (removals.has(pe)) drop(group.name, pe, 'belongs to another tool (curation)');
        else processes.push({ tool: group.name, value: pe });
      }
    }
    const keptProcesses = processes.filter((p) => {
      const problem = processNameProblem(p.value);
      if (problem) drop(p.tool, p.value, problem);
      return !problem;
    }).map((p) => p.value);
    const keptPaths = paths.filter((p) => {
      const problem = installPathProblem(p.value);
      if (problem) drop(p.tool, p.value, problem);
      return !problem;
    }).map((p) => p.value);
    // OS from the shape of the evidence when SupportedOS is missing or incomplete.
    for (const p of [...keptPaths, ...keptProcesses]) {
      if (/\.exe$/i.test(p) || isWindowsPath(p)) os.add('windows');
      else if (p.startsWith('/Applications/') || p.startsWith('/Library/')) os.add('macos');
      else if (/^\/(usr|opt|etc|var)\//.test(p)) os.add('linux');
    }
    for (const e of group.entries) if (e.peNames.length) os.add('windows');

    const domains: string[] = [];
    const ips: string[] = [];
    for (const raw of group.entries.flatMap((e) => e.domains)) {
      const d = normaliseDomain(raw);
      if (d === undefined) drop(group.name, raw, 'domain is a regex or placeholder');
      else if (IPV4.test(d)) ips.push(d);
      else if (SHARED_HOSTS.test(d)) drop(group.name, raw, 'shared hosting, not tool-specific');
      else domains.push(d);
    }
    const ports = new Set<number>();
    for (const raw of group.entries.flatMap((e) => e.ports)) {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (Number.isInteger(n) && n > 0 && n < 65536) ports.add(n);
      else drop(group.name, String(raw), 'port is not a single port number');
    }
    const role = group.entries.some((e) => clientNames.has(e.name)) || clientNames.has(group.name) ? 'client' : 'remote_control';
    const categories = new Set(group.entries.map((e) => e.category));
    return {
      id,
      name: group.name,
      aliases: distinct(group.aliases),
      category: categories.has('RMM') ? 'RMM' : 'RAT',
      role,
      severity: role === 'client' ? 'low' : signal('remote_access.process_running').severity,
      os: [...os],
      processes: keptProcesses,
      installPaths: keptPaths,
      registryKeys: group.entries.flatMap((e) => e.registryKeys),
      domains,
      ips,
      ports: [...ports],
      namedPipes: group.entries.flatMap((e) => e.namedPipes),
      sources: group.entries.map((e) => e.file),
    } satisfies RemoteAccessTool;
  });

  for (const extra of EXTRA_TOOLS) {
    if (tools.some((t) => t.id === extra.id)) throw new Error(`curation EXTRA_TOOLS "${extra.id}" is already in LOLRMM`);
    tools.push({
      id: extra.id, name: extra.name, aliases: [], category: extra.category, role: 'remote_control',
      severity: signal('remote_access.process_running').severity, os: [], processes: [], installPaths: [], registryKeys: [],
      domains: [], ips: [], ports: [], namedPipes: [], sources: ['farmwatch'],
    });
  }
  applySupplements(tools);
  resolveSharedNames(tools, drop);
  return { catalogue: finalise(tools, entries.length), dropped, entriesRead: entries.length };
}

function applySupplements(tools: RemoteAccessTool[]): void {
  for (const [id, supplement] of Object.entries(SUPPLEMENTS)) {
    const tool = tools.find((t) => t.id === id);
    if (!tool) throw new Error(`curation SUPPLEMENTS names unknown tool id "${id}"`);
    for (const name of supplement.processes ?? []) {
      const problem = processNameProblem(name);
      // NoMachine's Linux daemons really are `*.bin` executables (LOLRMM `.bin` files are installers).
      if (problem && !/\.bin$/.test(name)) throw new Error(`curation SUPPLEMENTS ${id}: "${name}" is ${problem}`);
      tool.processes.push(name);
    }
    for (const path of supplement.installPaths ?? []) {
      const problem = installPathProblem(path);
      if (problem) throw new Error(`curation SUPPLEMENTS ${id}: path "${path}" has ${problem}`);
      tool.installPaths.push(path);
    }
    tool.os.push(...(supplement.os ?? []));
    if (!tool.sources.includes('farmwatch')) tool.sources.push('farmwatch');
  }
}

/** An exact name several tools list goes to its owner; an unowned overlap fails the generation. */
function resolveSharedNames(tools: RemoteAccessTool[], drop: (tool: string, value: string, reason: string) => void): void {
  const holders = new Map<string, Set<string>>();
  for (const tool of tools) for (const name of tool.processes) {
    if (GLOB.test(name)) continue;
    const key = processKey(name);
    holders.set(key, (holders.get(key) ?? new Set()).add(tool.id));
  }
  const unowned: string[] = [];
  for (const [key, ids] of holders) {
    if (ids.size < 2) continue;
    const owner = SHARED_NAME_OWNERS[key];
    if (!owner || !ids.has(owner)) {
      unowned.push(`${key} (${[...ids].sort().join(', ')})`);
      continue;
    }
    for (const tool of tools) {
      if (tool.id === owner || !ids.has(tool.id)) continue;
      tool.processes = tool.processes.filter((p) => {
        const shared = processKey(p) === key;
        if (shared) drop(tool.name, p, `shared name owned by ${owner} (curation)`);
        return !shared;
      });
    }
  }
  if (unowned.length) throw new Error(`process names listed by several tools need an owner in SHARED_NAME_OWNERS: ${unowned.sort().join('; ')}`);
}

function finalise(tools: RemoteAccessTool[], entriesRead: number): RemoteAccessCatalogue {
  const ids = new Set<string>();
  for (const t of tools) {
    if (ids.has(t.id)) throw new Error(`two tools get the id "${t.id}"`);
    ids.add(t.id);
  }
  const sorted = tools.map((t) => ({
    ...t,
    os: [...new Set(t.os)].sort(byCode),
    processes: distinct(t.processes),
    installPaths: distinct(t.installPaths),
    registryKeys: distinct(t.registryKeys),
    domains: distinct(t.domains),
    ips: distinct(t.ips),
    ports: [...new Set(t.ports)].sort((a, b) => a - b),
    namedPipes: distinct(t.namedPipes),
    sources: distinct(t.sources),
  })).sort((a, b) => byCode(a.id, b.id));
  return {
    generatedBy: 'scripts/gen-remote-access-catalogue.ts (do not edit by hand; run `npm run gen:catalogue`)',
    source: {
      name: 'LOLRMM',
      url: 'https://github.com/magicsword-io/LOLRMM',
      commit: LOLRMM_COMMIT,
      license: 'Apache-2.0',
      licenseFile: 'agent/catalogues/LOLRMM-LICENSE',
      attribution: 'Derived from LOLRMM (https://lolrmm.io) by magicsword-io and contributors, Apache License 2.0; '
        + 'merged, filtered and supplemented by FarmWatch (agent/catalogues/remote-access-curation.ts).',
      entriesRead,
    },
    tools: sorted,
  };
}

export const serialise = (catalogue: RemoteAccessCatalogue) => `${JSON.stringify(catalogue, null, 2)}\n`;

function main(): void {
  const { values } = parseArgs({
    options: { source: { type: 'string', default: DEFAULT_SOURCE }, out: { type: 'string', default: DEFAULT_OUT }, quiet: { type: 'boolean', default: false } },
  });
  const { catalogue, dropped, entriesRead } = buildCatalogue(values.source!);
  // Write then rename, so an interrupted run never leaves a half-written catalogue.
  const temp = `${values.out!}.${process.pid}.tmp`;
  writeFileSync(temp, serialise(catalogue));
  renameSync(temp, values.out!);
  if (!values.quiet) {
    for (const d of dropped) console.log(`dropped  ${d.tool}: ${JSON.stringify(d.value)} (${d.reason})`);
  }
  const merged = catalogue.tools.filter((t) => t.sources.filter((s) => s !== 'farmwatch').length > 1).length;
  console.log(`read ${entriesRead} LOLRMM entries -> ${catalogue.tools.length} tools (${merged} merged from several entries), `
    + `${dropped.length} values dropped; wrote ${basename(values.out!)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    console.error(`gen-remote-access-catalogue: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
