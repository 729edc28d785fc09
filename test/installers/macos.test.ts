// The macOS package parts, checked on Linux: the LaunchDaemon plist parsed and read, every script
// shellchecked, and the postinstall run against a scratch target volume ($3) with the Linux
// executable in place of the Mac one, enrolling with a real collector.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../support/processes.js';
import { parsePlist } from './plist.js';
import { buildBinaries, haveTools, sh, type Build } from './support.js';

const DIR = 'installers/macos';
const SECRET = 'pkg-test-enrol-secret-0123456789abcdef';
const STATE = 'Library/Application Support/FarmWatch';

describe('macOS LaunchDaemon plist', () => {
  const plist = parsePlist(readFileSync(join(DIR, 'com.farmwatch.agent.plist'), 'utf8')) as Record<string, unknown>;

  it('runs the agent as a daemon that launchd restarts after a failure', () => {
    expect(plist).toMatchObject({
      Label: 'com.farmwatch.agent',
      ProgramArguments: ['/usr/local/bin/farmwatch-agent', 'run'],
      EnvironmentVariables: { FARMWATCH_AGENT_STATE_DIR: `/${STATE}` },
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      Umask: 0o077,
    });
    expect(plist.UserName).toBeUndefined(); // root: hardware identity and every process
  });

  it('the entitlements plist parses and allows the JIT', () => {
    expect(parsePlist(readFileSync(join(DIR, 'entitlements.plist'), 'utf8'))).toEqual({
      'com.apple.security.cs.allow-jit': true,
      'com.apple.security.cs.allow-unsigned-executable-memory': true,
    });
  });

  it('the reader refuses a broken plist', () => {
    expect(() => parsePlist('<plist version="1.0"><dict><key>Label</key></dict></plist>')).toThrow();
    expect(() => parsePlist('<plist version="1.0"><dict><key>A</key><true/><key>A</key><true/></dict></plist>')).toThrow(/duplicate/);
  });
});

describe.skipIf(!haveTools('macOS package scripts', 'shellcheck'))('macOS package scripts', () => {
  it('pass shellcheck', () => {
    const scripts = [...readdirSync(join(DIR, 'scripts')).map((f) => join(DIR, 'scripts', f)), join(DIR, 'build-pkg.sh'), join(DIR, 'uninstall.sh')];
    expect(scripts).toHaveLength(4);
    for (const script of scripts) {
      expect(statSync(script).mode & 0o111, `${script} is executable`).not.toBe(0);
      expect(sh('shellcheck', ['--severity=style', script])).toBe('');
    }
  });
});

describe('macOS postinstall against a scratch volume', () => {
  let build: Build;
  let collector: RunningCollector;
  const work = mkdtempSync(join(tmpdir(), 'fw-pkg-'));
  const volume = join(work, 'volume');

  const postinstall = () => sh('sh', [join(DIR, 'scripts/postinstall'), 'pkg', '/', volume, '/'], { PATH: process.env.PATH });

  beforeAll(async () => {
    [build, collector] = await Promise.all([
      buildBinaries(['linux-x64']),
      startCollector({ FARMWATCH_DATA_DIR: join(work, 'data'), FARMWATCH_ENROLL_SECRET: SECRET }),
    ]);
    // What pkgbuild's payload puts on the volume.
    mkdirSync(join(volume, 'usr/local/bin'), { recursive: true });
    mkdirSync(join(volume, 'Library/LaunchDaemons'), { recursive: true });
    copyFileSync(build.file('linux-x64'), join(volume, 'usr/local/bin/farmwatch-agent'));
    copyFileSync(join(DIR, 'com.farmwatch.agent.plist'), join(volume, 'Library/LaunchDaemons/com.farmwatch.agent.plist'));
  }, 600_000);
  afterAll(async () => {
    await collector?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('without parameters installs, says how to enrol, and enrols nothing', () => {
    expect(postinstall()).toMatch(/not enrolled: no configuration profile/);
    expect(statSync(join(volume, STATE)).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(volume, STATE))).toEqual([]);
  });

  it('enrols from /etc/farmwatch/agent.json into the private state directory, once', () => {
    mkdirSync(join(volume, 'etc/farmwatch'), { recursive: true });
    writeFileSync(join(volume, 'etc/farmwatch/agent.json'), JSON.stringify({ serverUrl: collector.url, enrollSecret: SECRET }), { mode: 0o600 });
    expect(postinstall()).toMatch(/Enrolled with .* as agent [0-9a-f-]{36}/);
    const credential = join(volume, STATE, 'credential.json');
    expect(statSync(credential).mode & 0o777).toBe(0o600);
    const before = readFileSync(credential, 'utf8');
    expect(postinstall()).toMatch(/already enrolled/);
    expect(readFileSync(credential, 'utf8')).toBe(before);
    expect(statSync(join(volume, 'Library/LaunchDaemons/com.farmwatch.agent.plist')).mode & 0o777).toBe(0o644);
  });
});
