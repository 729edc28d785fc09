// The built Linux single-file executable, run as a deployed agent runs: from an empty environment
// (env -i), from an unrelated directory, against a real collector, on this machine with a real
// process named like a remote-access tool.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../../shared/index.js';
import { AGENT_VERSION } from '../../../agent/version.js';
import { startDecoy, type Decoy } from '../../support/decoy-process.js';
import { apiGet, startCollector, type CliResult, type RunningCollector } from '../../support/processes.js';
import { buildBinaries, type Build } from '../../installers/support.js';

const SECRET = 'sea-test-enrol-secret-0123456789abcdef';

interface Alert { signal: string; status: string; evidence: unknown }
interface Device { hostname: string }

describe('single-file agent executable (linux-x64)', () => {
  let build: Build;
  let collector: RunningCollector;
  let decoy: Decoy;
  const work = mkdtempSync(join(tmpdir(), 'fw-sea-run-'));
  const cwd = mkdtempSync(join(tmpdir(), 'fw-sea-cwd-'));
  const stateDir = join(work, 'state');

  /** `env -i BINARY --state-dir DIR ARGS` in a directory that has nothing of the repository. */
  const agent = (...args: string[]) =>
    new Promise<CliResult>((resolve, reject) => {
      const child = spawn('env', ['-i', build.file('linux-x64'), '--state-dir', stateDir, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c));
      child.stderr.on('data', (c: Buffer) => (stderr += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });

  beforeAll(async () => {
    decoy = startDecoy('AnyDesk');
    [build, collector] = await Promise.all([
      buildBinaries(['linux-x64']),
      startCollector({ FARMWATCH_DATA_DIR: join(work, 'data'), FARMWATCH_ENROLL_SECRET: SECRET }),
    ]);
    console.log(`linux-x64 agent executable: ${(build.binaries[0]!.bytes / 1024 / 1024).toFixed(1)} MiB`);
  }, 600_000);
  afterAll(async () => {
    decoy?.stop();
    await collector?.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  it('knows its version and its exit codes', async () => {
    expect((await agent('--version')).stdout.trim()).toBe(AGENT_VERSION);
    const help = await agent('--help');
    expect(help.stdout).toMatch(/^ +9 +NOT_COMPLIANT$/m);
    expect(help.stderr).not.toMatch(/ExperimentalWarning|single executable/i);
  });

  it('scan --json from an empty environment: a clean report of this machine that finds the decoy', async () => {
    const result = await agent('scan', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = Report.parse(JSON.parse(result.stdout));
    expect(report.host.hostname).toBe(hostname());
    expect(report.probes.filter((p) => !p.ok)).toEqual([]);
    const finding = report.findings.find((f) => f.signal === 'remote_access.process_running' && /anydesk/i.test(f.subject));
    expect(finding, JSON.stringify(report.findings)).toBeDefined();
    expect(JSON.stringify(finding!.evidence)).toContain(String(decoy.process.pid));
  });

  it('scan --compliance fails (exit 9) while an unsanctioned remote-access tool runs', async () => {
    const table = await agent('scan', '--compliance');
    expect(table.code).toBe(9);
    expect(table.stdout).toMatch(/^NOT COMPLIANT$/m);
    expect(table.stdout).toMatch(/FAIL +no_unsanctioned_remote_access/);
    expect(table.stderr).toMatch(/not compliant: failed no_unsanctioned_remote_access/);
    const json = await agent('scan', '--compliance', '--json');
    expect(json.code).toBe(9);
    const verdict = JSON.parse(json.stdout) as { compliant: boolean; policy: string; rules: Array<{ rule: string; status: string }> };
    expect(verdict.compliant).toBe(false);
    expect(verdict.policy).toBe('default');
    expect(verdict.rules.find((r) => r.rule === 'no_ip_kvm')!.status).toBe('pass');
  });

  it('enrols, runs once and the collector raises the alert', async () => {
    const enrolled = await agent('enroll', '--server', collector.url, '--secret', SECRET);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const ran = await agent('run', '--once');
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/Delivered 1 report/);

    const devices = await apiGet<{ devices: Device[] }>(collector, '/api/v1/devices');
    expect(devices.devices.map((d) => d.hostname)).toContain(hostname());
    const alerts = await apiGet<{ alerts: Alert[] }>(collector, '/api/v1/alerts');
    const alert = alerts.alerts.find((a) => a.signal === 'remote_access.process_running');
    expect(alert, JSON.stringify(alerts)).toBeDefined();
    expect(JSON.stringify(alert!.evidence)).toMatch(/AnyDesk/);
  });

  it('refuses to run with a credential others can read', async () => {
    const credential = join(stateDir, 'credential.json');
    chmodSync(credential, 0o644);
    const ran = await agent('run', '--once');
    expect(ran.code).toBe(5);
    expect(ran.stderr).toContain(`${credential} is readable or writable by group or others`);
    chmodSync(credential, 0o600);
  });
});
