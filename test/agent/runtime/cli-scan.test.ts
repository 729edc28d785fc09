import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Report } from '../../../shared/index.js';
import { runCli } from './cli-helpers.js';
import { FACTS_FILE, loadFixtureFacts, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('farmwatch-agent scan', { timeout: 90_000 }, () => {
  it('prints a valid report for recorded facts, with a stable local identity when not enrolled', async () => {
    const state = join(dir, 'state');
    const first = await runCli(['--state-dir', state, 'scan', '--facts', FACTS_FILE, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = Report.parse(JSON.parse(first.stdout));
    expect(report.host.hostname).toBe('laptop-0042');
    expect(report.network.gatewayMacHash).toMatch(/^[0-9a-f]{32}$/);
    expect(first.stdout).not.toContain('a4:2b:b0:11:22:33');

    const second = Report.parse(JSON.parse((await runCli(['--state-dir', state, 'scan', '--facts', FACTS_FILE, '--json'])).stdout));
    expect(second.agentId).toBe(report.agentId);
    expect(second.network.gatewayMacHash).toBe(report.network.gatewayMacHash);
    expect(second.reportId).not.toBe(report.reportId);
  });

  it('prints a table and says the hashes use a local key', async () => {
    const result = await runCli(['--state-dir', join(dir, 'state'), 'scan', '--facts', FACTS_FILE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SEVERITY\s+SIGNAL\s+SUBJECT\s+SUMMARY$/m);
    expect(result.stdout).toContain('Not enrolled: network identifiers were hashed with a random local key');
  });

  it('says "No findings." when there are none', async () => {
    const facts = { ...(await loadFixtureFacts()), processes: [], connections: [], usbDevices: [], probes: [], interfaces: [], routes: [] };
    const file = join(dir, 'quiet.json');
    await writeFile(file, JSON.stringify(facts));
    const result = await runCli(['--state-dir', join(dir, 'state'), 'scan', '--facts', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No findings.');
  });

  it('rejects a broken facts file, naming the failing fields', async () => {
    const facts = JSON.parse(JSON.stringify(await loadFixtureFacts())) as { host: Record<string, unknown>; usbDevices: Array<Record<string, unknown>> };
    delete facts.host.hostname;
    facts.usbDevices[0]!.vendorId = 'LOGI';
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(facts));
    const result = await runCli(['--state-dir', join(dir, 'state'), 'scan', '--facts', file, '--json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: facts file .*broken\.json does not match the Facts schema/);
    expect(result.stderr).toContain('host.hostname');
    expect(result.stderr).toContain('usbDevices.0.vendorId');

    await writeFile(file, '{"schemaVersion": 1,');
    const notJson = await runCli(['--state-dir', join(dir, 'state'), 'scan', '--facts', file]);
    expect(notJson.code).toBe(3);
    expect(notJson.stderr).toContain('is not valid JSON');
  });
});

describe('farmwatch-agent status', { timeout: 90_000 }, () => {
  it('describes an empty state directory and exits 0', async () => {
    const state = join(dir, 'never-used');
    const human = await runCli(['--state-dir', state, 'status']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Enrolled:\s+no/);
    expect(human.stdout).toMatch(/Last scan:\s+never/);
    expect(human.stdout).toMatch(/Queued reports:\s+0/);

    const json = await runCli(['--state-dir', state, 'status', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      stateDir: state,
      enrolment: { enrolled: false },
      lastScan: null,
      spool: { queued: 0, bytes: 0, evictedTotal: 0 },
      policy: { source: 'default' },
      collector: { checked: false },
    });
  });

  it('names the variable of a bad setting', async () => {
    const result = await runCli(['--state-dir', dir, 'status'], { FARMWATCH_AGENT_SPOOL_MAX_REPORTS: 'lots' });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('FARMWATCH_AGENT_SPOOL_MAX_REPORTS');
  });
});
