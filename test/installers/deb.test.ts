// The .deb, built from the real single-file executable, inspected with dpkg-deb, installed into a
// scratch root (dpkg --root, maintainer scripts run chrootless with DPKG_ROOT) where its postinst
// enrols with a real collector, then removed and purged.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../support/processes.js';
import { buildBinaries, haveTools, sh, type Build } from './support.js';

const SECRET = 'deb-test-enrol-secret-0123456789abcdef';
const VERSION = '0.1.0';
const WANTS = 'etc/systemd/system/multi-user.target.wants/farmwatch-agent.service';

const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(!haveTools('deb package', 'dpkg-deb', 'dpkg', 'systemctl'))('Debian package', () => {
  let build: Build;
  let collector: RunningCollector;
  let deb: string;
  const work = mkdtempSync(join(tmpdir(), 'fw-deb-'));
  const root = join(work, 'root');

  const dpkg = (...args: string[]) =>
    sh('dpkg', [`--root=${root}`, '--force-script-chrootless', '--force-not-root', '--force-depends', '--log=/dev/null', ...args], { PATH: process.env.PATH });

  beforeAll(async () => {
    [build, collector] = await Promise.all([
      buildBinaries(['linux-x64']),
      startCollector({ FARMWATCH_DATA_DIR: join(work, 'data'), FARMWATCH_ENROLL_SECRET: SECRET }),
    ]);
    // No compression: the test is about contents, and gzip of 120 MB costs a minute on 2 cores.
    deb = sh('installers/linux/build-deb.sh', [build.file('linux-x64'), VERSION, join(work, 'out')], { ...process.env, DEB_COMPRESSION: 'none' }).trim();
    mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true });
    mkdirSync(join(root, 'var/lib/dpkg/updates'), { recursive: true });
    writeFileSync(join(root, 'var/lib/dpkg/status'), '');
  }, 600_000);
  afterAll(async () => {
    await collector?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('carries the binary, the unit and the maintainer scripts with their modes', () => {
    expect(deb).toBe(join(work, 'out', `farmwatch-agent_${VERSION}_amd64.deb`));
    expect(sh('dpkg-deb', ['--field', deb, 'Package', 'Version', 'Architecture'])).toBe(`Package: farmwatch-agent\nVersion: ${VERSION}\nArchitecture: amd64\n`);
    const listing = sh('dpkg-deb', ['--contents', deb]);
    expect(listing).toMatch(/^-rwxr-xr-x root\/root +\d+ .* \.\/usr\/bin\/farmwatch-agent$/m);
    expect(listing).toMatch(/^-rw-r--r-- root\/root +\d+ .* \.\/usr\/lib\/systemd\/system\/farmwatch-agent\.service$/m);
    const control = sh('dpkg-deb', ['--info', deb]);
    for (const script of ['postinst', 'prerm', 'postrm']) expect(control).toMatch(new RegExp(`\\* +${script} +#!/bin/sh`));
  });

  it('refuses to build from a missing binary, naming it', () => {
    expect(() => sh('installers/linux/build-deb.sh', [join(work, 'nope'), VERSION, join(work, 'out2')])).toThrow(/nope is not an executable file/);
  });

  it('installs into a scratch root, enrols from /etc/farmwatch/agent.json and enables the unit', () => {
    mkdirSync(join(root, 'etc/farmwatch'), { recursive: true });
    writeFileSync(join(root, 'etc/farmwatch/agent.json'), JSON.stringify({ serverUrl: collector.url, enrollSecret: SECRET }), { mode: 0o600 });
    const output = dpkg('-i', deb);
    expect(output).toMatch(/Enrolled with .* as agent [0-9a-f-]{36}/);

    expect(mode(join(root, 'usr/bin/farmwatch-agent'))).toBe(0o755);
    expect(mode(join(root, 'usr/lib/systemd/system/farmwatch-agent.service'))).toBe(0o644);
    expect(mode(join(root, 'var/lib/farmwatch'))).toBe(0o700);
    const credential = join(root, 'var/lib/farmwatch/credential.json');
    expect(mode(credential)).toBe(0o600);
    expect(JSON.parse(readFileSync(credential, 'utf8'))).toMatchObject({ serverUrl: collector.url });
    expect(readlinkSync(join(root, WANTS))).toBe('/usr/lib/systemd/system/farmwatch-agent.service');
  });

  it('runs a hardened unit as root with a private state directory', () => {
    const unit = readFileSync(join(root, 'usr/lib/systemd/system/farmwatch-agent.service'), 'utf8');
    const settings = new Map(unit.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(settings.get('ExecStart')).toBe('/usr/bin/farmwatch-agent run');
    expect(settings.get('User')).toBeUndefined();
    expect(settings.get('StateDirectory')).toBe('farmwatch');
    expect(settings.get('StateDirectoryMode')).toBe('0700');
    expect(settings.get('NoNewPrivileges')).toBe('yes');
    expect(settings.get('ProtectSystem')).toBe('strict');
    expect(settings.get('PrivateTmp')).toBe('yes');
    expect(settings.get('WantedBy')).toBe('multi-user.target');
  });

  it('is a unit systemd accepts without a warning (systemd-analyze verify)', () => {
    if (!haveTools('unit verification', 'systemd-analyze')) return;
    // verify wants ExecStart to exist: point it at the installed binary in the scratch root.
    const unit = join(work, 'farmwatch-agent.service');
    writeFileSync(unit, readFileSync(join(root, 'usr/lib/systemd/system/farmwatch-agent.service'), 'utf8').replace('/usr/bin/farmwatch-agent', join(root, 'usr/bin/farmwatch-agent')));
    const result = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('an upgrade keeps the enrolment', () => {
    const before = readFileSync(join(root, 'var/lib/farmwatch/credential.json'), 'utf8');
    expect(dpkg('-i', deb)).toMatch(/already enrolled/);
    expect(readFileSync(join(root, 'var/lib/farmwatch/credential.json'), 'utf8')).toBe(before);
  });

  it('does not enrol from an enrolment file others can read, and says so', () => {
    const other = mkdtempSync(join(work, 'root2-'));
    mkdirSync(join(other, 'var/lib/dpkg/info'), { recursive: true });
    mkdirSync(join(other, 'var/lib/dpkg/updates'), { recursive: true });
    writeFileSync(join(other, 'var/lib/dpkg/status'), '');
    mkdirSync(join(other, 'etc/farmwatch'), { recursive: true });
    writeFileSync(join(other, 'etc/farmwatch/agent.json'), JSON.stringify({ serverUrl: collector.url, enrollSecret: SECRET }));
    chmodSync(join(other, 'etc/farmwatch/agent.json'), 0o644);
    const output = sh('sh', ['-c', `dpkg --root=${other} --force-script-chrootless --force-not-root --force-depends --log=/dev/null -i ${deb} 2>&1`]);
    expect(output).toMatch(/readable or writable by group or others/);
    expect(output).toMatch(/enrolment failed/);
    expect(existsSync(join(other, 'var/lib/farmwatch/credential.json'))).toBe(false);
  });

  it('removal leaves no service behind; purge also removes the state', () => {
    dpkg('-r', 'farmwatch-agent');
    expect(existsSync(join(root, 'usr/bin/farmwatch-agent'))).toBe(false);
    expect(existsSync(join(root, 'usr/lib/systemd/system/farmwatch-agent.service'))).toBe(false);
    expect(() => lstatSync(join(root, WANTS))).toThrow(/ENOENT/);
    expect(existsSync(join(root, 'var/lib/farmwatch/credential.json'))).toBe(true);
    dpkg('-P', 'farmwatch-agent');
    expect(existsSync(join(root, 'var/lib/farmwatch'))).toBe(false);
  });
});
