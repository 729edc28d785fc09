// The Windows MSI, built on Linux with wixl from the real win-x64 executable, read back with
// msiinfo/msiextract: files, the service, the enrolment properties and custom actions. The
// PowerShell scripts and the WinSW configuration must name the same service and properties.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinaries, haveTools, sh, type Build } from './support.js';

const VERSION = '0.1.0';
const SEA_FUSE_FLIPPED = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1';

/** `msiinfo export` output as rows of named columns. */
function table(msi: string, name: string): Array<Record<string, string>> {
  const [header, , , ...rows] = sh('msiinfo', ['export', msi, name]).split(/\r?\n/).filter((l) => l !== '');
  const columns = header!.split('\t');
  return rows.map((row) => Object.fromEntries(row.split('\t').map((value, i) => [columns[i]!, value])));
}

const read = (file: string) => readFileSync(file, 'utf8');

describe.skipIf(!haveTools('MSI', 'wixl', 'msibuild', 'msiinfo', 'msiextract'))('Windows MSI', () => {
  let build: Build;
  let msi: string;
  const work = mkdtempSync(join(tmpdir(), 'fw-msi-'));

  beforeAll(async () => {
    build = await buildBinaries(['win-x64']);
    msi = sh('installers/windows/build-msi.sh', [build.file('win-x64'), VERSION, join(work, 'out')]).trim();
  }, 600_000);
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('carries the agent executable unchanged, with the SEA blob and the Windows process helper inside', () => {
    expect(msi).toBe(join(work, 'out', `farmwatch-agent-${VERSION}-x64.msi`));
    const files = table(msi, 'File');
    expect(files.map((f) => f.FileName).sort()).toEqual(['farmwatch-agent-service.exe', 'farmwatch-agent-service.exe.config', 'farmwatch-agent-service.xml', 'farmwatch-agent.exe']);
    sh('msiextract', ['-C', join(work, 'extracted'), msi]);
    const extracted = readFileSync(join(work, 'extracted', 'FarmWatch', 'farmwatch-agent.exe'));
    expect(extracted.equals(readFileSync(build.file('win-x64')))).toBe(true);
    expect(extracted.subarray(0, 2).toString('latin1')).toBe('MZ');
    expect(extracted.includes(SEA_FUSE_FLIPPED)).toBe(true);
    expect(extracted.includes('fastlist-0.3.0-x64.exe')).toBe(true);
  });

  it('installs an automatic LocalSystem service, stopped and removed on uninstall', () => {
    const [service] = table(msi, 'ServiceInstall');
    expect(service).toMatchObject({ Name: 'FarmWatchAgent', DisplayName: 'FarmWatch Agent', ServiceType: '16', StartType: '2', StartName: 'LocalSystem', Component_: 'ServiceWrapper' });
    const [control] = table(msi, 'ServiceControl');
    // 1 start on install, 2 stop on install, 32 stop on uninstall, 128 delete on uninstall.
    expect(control).toMatchObject({ Name: 'FarmWatchAgent', Event: String(1 + 2 + 32 + 128), Wait: '1' });
  });

  it('takes SERVER_URL and ENROLL_SECRET as secure properties and keeps the secret out of the log', () => {
    const properties = new Map(table(msi, 'Property').map((p) => [p.Property!, p.Value!]));
    expect(properties.get('ProductVersion')).toBe(VERSION);
    expect(properties.get('UpgradeCode')).toBe('{6C1F4E2A-9B7D-4F3A-8E21-5D0A7C3B9F14}');
    expect(properties.get('SecureCustomProperties')!.split(';')).toEqual(expect.arrayContaining(['SERVER_URL', 'ENROLL_SECRET']));
    expect(properties.get('MsiHiddenProperties')).toBe('ENROLL_SECRET');
  });

  it('locks the state directory, then enrols once as SYSTEM before the service starts', () => {
    const actions = new Map(table(msi, 'CustomAction').map((a) => [a.Action!, a]));
    const enroll = actions.get('Enroll')!;
    // 18: run an installed file; 1024 deferred; 2048 no impersonation (runs as SYSTEM).
    expect(Number(enroll.Type)).toBe(18 + 1024 + 2048);
    expect(enroll.Source).toBe('AgentExe');
    expect(enroll.Target).toBe('--state-dir "[STATEDIR]." enroll --if-not-enrolled --server "[SERVER_URL]" --secret "[ENROLL_SECRET]"');
    const lock = actions.get('LockStateDir')!;
    expect(Number(lock.Type)).toBe(50 + 1024 + 2048);
    expect(lock.Target).toMatch(/\/inheritance:r \/grant:r \*S-1-5-18:\(OI\)\(CI\)F \*S-1-5-32-544:\(OI\)\(CI\)F$/);

    const sequence = new Map(table(msi, 'InstallExecuteSequence').map((s) => [s.Action!, s]));
    const at = (action: string) => Number(sequence.get(action)!.Sequence);
    expect(at('LockStateDir')).toBeGreaterThan(at('CreateFolders'));
    expect(at('Enroll')).toBeGreaterThan(at('InstallServices'));
    expect(at('Enroll')).toBeLessThan(at('StartServices'));
    expect(at('Enroll')).toBeGreaterThan(at('LockStateDir'));
    expect(sequence.get('Enroll')!.Condition).toBe('NOT REMOVE AND SERVER_URL AND ENROLL_SECRET');
  });

  it('refuses a version MSI cannot order', () => {
    expect(() => sh('installers/windows/build-msi.sh', [build.file('win-x64'), '1.0.0-beta', join(work, 'bad')])).toThrow(/not an MSI version/);
  });

  it('the WinSW configuration and the PowerShell scripts name the same service, properties and product', () => {
    const winsw = read('installers/windows/farmwatch-agent-service.xml');
    expect(winsw).toContain('<id>FarmWatchAgent</id>');
    expect(winsw).toContain('<executable>%BASE%\\farmwatch-agent.exe</executable>');
    expect(winsw).toContain('<arguments>run</arguments>');
    const install = read('installers/windows/Install-FarmWatchAgent.ps1');
    expect(install).toContain('SERVER_URL=');
    expect(install).toContain('ENROLL_SECRET=');
    expect(install).toContain("Get-Service -Name 'FarmWatchAgent'");
    const uninstall = read('installers/windows/Uninstall-FarmWatchAgent.ps1');
    expect(uninstall).toContain("'{6C1F4E2A-9B7D-4F3A-8E21-5D0A7C3B9F14}'");
    expect(uninstall).toContain("Get-Service -Name 'FarmWatchAgent'");
  });
});
