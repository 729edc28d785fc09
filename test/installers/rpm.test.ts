// The RPM, built with rpmbuild from the real executable (Debian's rpm package), inspected with
// rpm -qp, its scriptlets shellchecked, and its files installed into and erased from a scratch
// root (scriptlets need the target's systemd, so they are checked, not run, here).
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinaries, haveTools, sh, type Build } from './support.js';

const VERSION = '0.1.0';

describe.skipIf(!haveTools('rpm package', 'rpmbuild', 'rpm', 'shellcheck'))('RPM package', () => {
  let build: Build;
  let rpm: string;
  const work = mkdtempSync(join(tmpdir(), 'fw-rpm-'));

  beforeAll(async () => {
    build = await buildBinaries(['linux-x64']);
    // Uncompressed payload: the test is about contents.
    rpm = sh('installers/linux/build-rpm.sh', [build.file('linux-x64'), VERSION, join(work, 'out')], { ...process.env, RPM_PAYLOAD: 'w0.ufdio' }).trim();
  }, 600_000);
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('carries the binary, the unit and a private state directory', () => {
    expect(rpm).toBe(join(work, 'out', `farmwatch-agent-${VERSION}-1.x86_64.rpm`));
    const listing = sh('rpm', ['-qp', '--queryformat', '%{NAME} %{VERSION} %{ARCH}\n[%{FILEMODES:perms} %{FILEUSERNAME} %{FILENAMES}\n]', rpm]);
    expect(listing.trim().split('\n')).toEqual([
      `farmwatch-agent ${VERSION} x86_64`,
      '-rwxr-xr-x root /usr/bin/farmwatch-agent',
      '-rw-r--r-- root /usr/lib/systemd/system/farmwatch-agent.service',
      'drwx------ root /var/lib/farmwatch',
    ]);
    expect(sh('rpm', ['-qpR', rpm])).toMatch(/^glibc >= 2\.28$/m);
  });

  it('has shell-clean scriptlets that enrol, enable and, on erase only, disable the unit', () => {
    const scripts = sh('rpm', ['-qp', '--scripts', rpm]);
    const parts = scripts.split(/^(\w+) scriptlet \(using \/bin\/sh\):$/m).slice(1);
    const byName = new Map<string, string>();
    for (let i = 0; i < parts.length; i += 2) byName.set(parts[i]!, parts[i + 1]!);
    expect([...byName.keys()]).toEqual(['postinstall', 'preuninstall', 'postuninstall']);
    expect(byName.get('postinstall')).toContain('enroll --if-not-enrolled --enrollment-file /etc/farmwatch/agent.json');
    expect(byName.get('postinstall')).toContain('systemctl enable farmwatch-agent.service');
    expect(byName.get('preuninstall')).toMatch(/if \[ "\$1" -eq 0 \].*\n\s+systemctl disable --now farmwatch-agent\.service/);
    for (const [name, body] of byName) {
      const file = join(work, `${name}.sh`);
      writeFileSync(file, `#!/bin/sh\n${body}`);
      expect(sh('shellcheck', ['--shell=sh', file]), name).toBe('');
    }
  });

  it('installs into a scratch root and erases without a trace', () => {
    const root = join(work, 'root');
    sh('rpm', ['--root', root, '--initdb']);
    sh('rpm', ['--root', root, '-i', '--nodeps', '--noscripts', rpm]);
    expect(statSync(join(root, 'usr/bin/farmwatch-agent')).mode & 0o777).toBe(0o755);
    expect(statSync(join(root, 'var/lib/farmwatch')).mode & 0o777).toBe(0o700);
    sh('rpm', ['--root', root, '-e', '--nodeps', '--noscripts', 'farmwatch-agent']);
    expect(existsSync(join(root, 'usr/bin/farmwatch-agent'))).toBe(false);
    expect(existsSync(join(root, 'usr/lib/systemd/system/farmwatch-agent.service'))).toBe(false);
    expect(existsSync(join(root, 'var/lib/farmwatch'))).toBe(false);
  });
});
