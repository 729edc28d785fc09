// Runs the catalogue generator as users run it (a real process writing a real file) and checks
// what it produced, including that the committed catalogue is exactly what it generates now.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteAccessCatalogue, RemoteAccessTool } from '../../agent/catalogues/remote-access-types.js';
import { GENERIC_PROCESS_NAMES, GENERIC_PROCESS_PATTERNS } from '../../agent/catalogues/remote-access-curation.js';
import { DEFAULT_SOURCE, buildCatalogue, nameKey, serialise } from '../../scripts/gen-remote-access-catalogue.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/gen-remote-access-catalogue.ts');
const COMMITTED = join(ROOT, 'agent/catalogues/remote-access.json');
const SOURCE_PRESENT = existsSync(DEFAULT_SOURCE);

const runGenerator = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const key = (name: string) => name.toLowerCase().replace(/\.exe$/, '');

// The LOLRMM YAML is reference data outside the repository (../shared beside it, or
// LOLRMM_YAML_DIR); CI always has it, elsewhere the suite says why it skips.
if (!SOURCE_PRESENT && !process.env.CI) console.warn(`skipping the LOLRMM generator tests: no LOLRMM YAML at ${DEFAULT_SOURCE} (set LOLRMM_YAML_DIR)`);
describe.skipIf(!SOURCE_PRESENT && !process.env.CI)('gen-remote-access-catalogue', () => {
  let dir: string;
  let out: string;
  let stdout: string;
  let catalogue: RemoteAccessCatalogue;
  const tool = (id: string): RemoteAccessTool => {
    const t = catalogue.tools.find((x) => x.id === id);
    if (!t) throw new Error(`no tool ${id}`);
    return t;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-gen-'));
    out = join(dir, 'remote-access.json');
    const result = runGenerator(['--out', out]);
    expect(result.stderr).not.toMatch(/gen-remote-access-catalogue:/);
    expect(result.status).toBe(0);
    stdout = result.stdout;
    catalogue = JSON.parse(readFileSync(out, 'utf8')) as RemoteAccessCatalogue;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every LOLRMM entry and says so', () => {
    const files = readdirSync(DEFAULT_SOURCE).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(300);
    expect(catalogue.source.entriesRead).toBe(files.length);
    expect(stdout).toContain(`read ${files.length} LOLRMM entries`);
    const sources = new Set(catalogue.tools.flatMap((t) => t.sources));
    for (const f of files) expect(sources.has(f), f).toBe(true);
  });

  it('keeps the LOLRMM attribution and licence', () => {
    expect(catalogue.source).toMatchObject({ name: 'LOLRMM', commit: '3c75cf091b10bf7e8ecd576055c44d172b35ff21', license: 'Apache-2.0' });
    expect(readFileSync(join(ROOT, catalogue.source.licenseFile), 'utf8')).toBe(readFileSync(join(DEFAULT_SOURCE, '../LICENSE'), 'utf8'));
  });

  it('merges near-duplicates into one tool with the other names as aliases', () => {
    const keys = catalogue.tools.map((t) => nameKey(t.name));
    expect(new Set(keys).size).toBe(keys.length);
    expect(tool('ultravnc').aliases).toContain('Ultra VNC');
    expect(tool('quick-assist').aliases).toContain('Microsoft Quick Assist');
    expect(tool('splashtop').aliases).toEqual(expect.arrayContaining(['Splashtop Remote', 'Splashtop (Beta)']));
    expect(tool('isl-online').aliases).toContain('ISL Light');
    expect(tool('isl-online').sources).toHaveLength(3);
    expect(tool('screenconnect').aliases).toContain('ConnectWise Control');
    for (const id of ['ultravnc', 'quick-assist', 'splashtop', 'isl-online']) {
      expect(catalogue.tools.filter((t) => t.name === tool(id).name || t.aliases.includes(tool(id).name))).toHaveLength(1);
    }
  });

  it('holds the tools an analyst expects, with their process names', () => {
    const expectations: Record<string, string[]> = {
      'anydesk': ['AnyDesk.exe', 'AnyDesk'],
      'teamviewer': ['TeamViewer.exe', 'TeamViewer', 'teamviewerd'],
      'rustdesk': ['rustdesk.exe', 'rustdesk'],
      'chrome-remote-desktop': ['remoting_host.exe', 'chrome-remote-desktop-host'],
      'screenconnect': ['ScreenConnect.ClientService.exe', 'ScreenConnect.WindowsClient.exe'],
      'splashtop': ['SRServer.exe', 'strwinclt.exe'],
      'vnc': ['vncserver'],
      'x11vnc': ['x11vnc'],
      'ultravnc': ['winvnc.exe'],
      'tightvnc': ['tvnserver.exe'],
      'tigervnc': ['Xvnc'],
      'realvnc': ['vncserver-x11'],
      'meshcentral': ['MeshAgent.exe'],
      'atera': ['AteraAgent.exe'],
      'ninjaone': ['NinjaRMMAgent.exe'],
    };
    for (const [id, names] of Object.entries(expectations)) expect(tool(id).processes, id).toEqual(expect.arrayContaining(names));
    expect(tool('anydesk')).toMatchObject({ name: 'AnyDesk', category: 'RMM', role: 'remote_control', severity: 'high', os: ['linux', 'macos', 'windows'] });
    expect(tool('anydesk').domains).toContain('*.anydesk.com');
    expect(tool('anydesk').ports).toContain(443);
    expect(tool('anydesk').namedPipes).toContain('adprinterpipe');
    expect(tool('anydesk').registryKeys).toContain('HKLM\\SYSTEM\\CurrentControlSet\\Services\\AnyDesk');
    expect(tool('mstsc-exe')).toMatchObject({ role: 'client', severity: 'low' });
  });

  it('normalises OS names and drops junk domains and placeholders', () => {
    for (const t of catalogue.tools) for (const os of t.os) expect(['windows', 'macos', 'linux']).toContain(os);
    const domains = catalogue.tools.flatMap((t) => t.domains);
    expect(domains).not.toContain('user_managed');
    for (const d of domains) expect(d, d).toMatch(/^[a-z0-9_*.-]+\.[a-z0-9*-]+$/);
    expect(domains.some((d) => d.includes('['))).toBe(false);
    expect(catalogue.tools.flatMap((t) => t.installPaths).some((p) => /<[^>]*>/.test(p))).toBe(false);
  });

  it('lists no name too generic to be evidence, and prints what it dropped', () => {
    for (const t of catalogue.tools) for (const p of t.processes) {
      const k = key(p);
      expect(GENERIC_PROCESS_NAMES, `${t.id}: ${p}`).not.toContain(k);
      expect(GENERIC_PROCESS_PATTERNS, `${t.id}: ${p}`).not.toContain(k);
      expect((k.split(/[*?]/)[0] ?? '').length, `${t.id}: ${p}`).toBeGreaterThanOrEqual(4);
    }
    const all = new Set(catalogue.tools.flatMap((t) => t.processes.map(key)));
    for (const generic of ['client', 'agent', 'service', 'setup', 'update', 'launcher', 'ssh', 'python', 'node', 'java', 'svchost', 'dwm', 'connect', 'plink']) {
      expect(all.has(generic), generic).toBe(false);
    }
    expect(stdout).toMatch(/dropped {2}Teramind: "dwm\.exe" \(name under 4 characters\)/);
    expect(stdout).toMatch(/dropped {2}Monitic: "agent\.exe" \(generic name \(denylist\)\)/);
    expect(stdout).toMatch(/dropped {2}ESET Remote Administrator: "user_managed" \(domain is a regex or placeholder\)/);
  });

  it('gives each exact process name to one tool', () => {
    const owners = new Map<string, string>();
    for (const t of catalogue.tools) for (const p of t.processes) {
      if (/[*?]/.test(p)) continue;
      const previous = owners.get(key(p));
      expect(previous === undefined || previous === t.id, `${p}: ${previous} and ${t.id}`).toBe(true);
      owners.set(key(p), t.id);
    }
  });

  it('is deterministic: the committed catalogue equals a fresh generation', () => {
    const fresh = readFileSync(out, 'utf8');
    expect(serialise(buildCatalogue(DEFAULT_SOURCE).catalogue)).toBe(fresh);
    // If this fails, run `npm run gen:catalogue` and commit agent/catalogues/remote-access.json.
    expect(readFileSync(COMMITTED, 'utf8')).toBe(fresh);
    const ids = catalogue.tools.map((t) => t.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('fails with the file name on a broken entry and leaves the existing output alone', () => {
    const source = join(dir, 'yaml');
    mkdirSync(source);
    copyFileSync(join(DEFAULT_SOURCE, 'anydesk.yaml'), join(source, 'anydesk.yaml'));
    writeFileSync(join(source, 'broken.yaml'), 'Name: Broken\nCategory: [unclosed\n');
    const target = join(dir, 'kept.json');
    writeFileSync(target, 'previous content');
    const result = runGenerator(['--source', source, '--out', target]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('broken.yaml: not valid YAML');
    expect(readFileSync(target, 'utf8')).toBe('previous content');

    writeFileSync(join(source, 'broken.yaml'), 'Name: Broken\nCategory: VPN\n');
    const wrongCategory = runGenerator(['--source', source, '--out', target]);
    expect(wrongCategory.status).toBe(1);
    expect(wrongCategory.stderr).toContain('broken.yaml: Category must be RMM or RAT, got "VPN"');
  });
});
