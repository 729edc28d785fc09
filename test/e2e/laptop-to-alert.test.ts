// One real path from a laptop to a SOC alert: a real collector process with a real SQLite file,
// the real agent CLI scanning this machine, and a real process named like a remote-access tool.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../shared/index.js';
import { apiGet, freePort, runAgent, startCollector, type RunningCollector } from '../support/processes.js';
import { startDecoy, type Decoy } from '../support/decoy-process.js';

interface Alert { signal: string; category: string; severity: string; status: string; subject?: string; evidence: unknown; agentId?: string; deviceId?: string }
interface Device { id: string; hostname: string }

const SECRET = 'e2e-enrol-secret-0123456789abcdef0123';

describe('agent to alert, end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-data-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'fw-e2e-agent-'));
  const agentEnv = { FARMWATCH_AGENT_STATE_DIR: stateDir };
  let collector: RunningCollector;
  let decoy: Decoy;

  beforeAll(async () => {
    decoy = startDecoy('AnyDesk');
    collector = await startCollector({ FARMWATCH_DATA_DIR: dataDir, FARMWATCH_ENROLL_SECRET: SECRET });
  });
  afterAll(async () => {
    decoy?.stop();
    await collector?.stop();
  });

  it('prints an admin token at first start', () => {
    expect(collector.adminToken).toMatch(/^fwt_/);
  });

  it('enrols and keeps the credential private', async () => {
    const result = await runAgent(['enroll', '--server', collector.url, '--secret', SECRET], agentEnv);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(stateDir, 'credential.json')).mode & 0o777).toBe(0o600);
  });

  it('finds the running AnyDesk in a scan of this machine', async () => {
    const result = await runAgent(['scan', '--json'], agentEnv);
    expect(result.code, result.stderr).toBe(0);
    const report = Report.parse(JSON.parse(result.stdout));
    const finding = report.findings.find((f) => f.category === 'remote_access' && /anydesk/i.test(f.subject));
    expect(finding, JSON.stringify(report.findings)).toBeDefined();
    expect(finding!.signal).toBe('remote_access.process_running');
    expect(JSON.stringify(finding!.evidence)).toContain(String(decoy.process.pid));
    expect(report.host.hostname).toBe(hostname());
  });

  it('delivers the next scan and the analyst reads the alert through the API', async () => {
    const result = await runAgent(['run', '--once'], agentEnv);
    expect(result.code, result.stderr).toBe(0);
    const alerts = await apiGet<{ alerts: Alert[] }>(collector, '/api/v1/alerts');
    const alert = alerts.alerts.find((a) => a.signal === 'remote_access.process_running');
    expect(alert, JSON.stringify(alerts)).toBeDefined();
    expect(alert!.status).toBe('open');
    expect(JSON.stringify(alert!.evidence)).toMatch(/AnyDesk/);
    const devices = await apiGet<{ devices: Device[] }>(collector, '/api/v1/devices');
    expect(devices.devices.map((d) => d.hostname)).toContain(hostname());
  });

  it('a second scan updates the open alert instead of raising another', async () => {
    expect((await runAgent(['run', '--once'], agentEnv)).code).toBe(0);
    const alerts = await apiGet<{ alerts: Alert[] }>(collector, '/api/v1/alerts');
    expect(alerts.alerts.filter((a) => a.signal === 'remote_access.process_running')).toHaveLength(1);
  });
});

describe('collector down while the agent scans', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-e2e-data-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'fw-e2e-agent-'));
  const agentEnv = { FARMWATCH_AGENT_STATE_DIR: stateDir };
  const env = { FARMWATCH_DATA_DIR: dataDir, FARMWATCH_ENROLL_SECRET: SECRET };
  let port: number;
  let collector: RunningCollector | undefined;
  let adminToken: string | undefined;

  beforeAll(async () => {
    port = await freePort();
    collector = await startCollector(env, port);
    adminToken = collector.adminToken;
    expect((await runAgent(['enroll', '--server', collector.url, '--secret', SECRET], agentEnv)).code).toBe(0);
    await collector.stop();
    collector = undefined;
  });
  afterAll(async () => collector?.stop());

  it('queues the report on disk and says so', async () => {
    const result = await runAgent(['run', '--once'], agentEnv);
    expect(result.code).not.toBe(0);
    expect(readdirSync(join(stateDir, 'spool')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const status = await runAgent(['status', '--json'], agentEnv);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ spool: { queued: 1 } });
  });

  it('delivers it exactly once when the collector is back', async () => {
    const [queuedFile] = readdirSync(join(stateDir, 'spool')).filter((f) => f.endsWith('.json'));
    const queued = Report.parse(JSON.parse(readFileSync(join(stateDir, 'spool', queuedFile!), 'utf8')));
    collector = await startCollector(env, port);
    const result = await runAgent(['run', '--once'], agentEnv);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(stateDir, 'spool')).filter((f) => f.endsWith('.json'))).toHaveLength(0);
    // Delivering the same report again (as after a crash between send and delete) is acknowledged
    // as a duplicate and not stored twice.
    const credential = JSON.parse(readFileSync(join(stateDir, 'credential.json'), 'utf8')) as { agentToken: string };
    const again = await fetch(`${collector.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential.agentToken}` },
      body: JSON.stringify(queued),
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ reportId: queued.reportId, duplicate: true });
    const device = await fetch(`${collector.url}/api/v1/devices/${queued.agentId}`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(device.status).toBe(200);
    const body = (await device.json()) as { device: { reportCount: number } };
    expect(body.device.reportCount).toBe(2);
  });
});
