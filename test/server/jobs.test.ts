// The periodic jobs through the real JobRunner on a real SQLite store, with a clock the test moves.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import { SERVER_CONFIG_DEFAULTS } from '../../server/config.js';
import { collectorJobs } from '../../server/jobs/collector-jobs.js';
import { longestCronGapMs } from '../../server/jobs/cron-gap.js';
import { silentAfterMs } from '../../server/jobs/expected-interval.js';
import { AlwaysLeader } from '../../server/jobs/leader.js';
import { JobRunner, type Job } from '../../server/jobs/runner.js';
import { openDataDirStore } from '../../server/store/sqlite/open.js';
import type { Store } from '../../server/store/store.js';
import { DEFAULT_POLICY, Policy } from '../../shared/index.js';
import { finding, makeReport } from './fixtures.js';

const HOUR = 3_600_000;
const START = new Date('2025-06-01T08:00:00.000Z');
const logger = pino({ level: 'silent' });

describe('expected report interval', () => {
  it('takes the longest gap of the cron, plus the splay, times the factor', () => {
    expect(longestCronGapMs('17 */4 * * *')).toBe(4 * HOUR);
    expect(longestCronGapMs('*/5 * * * 1-5')).toBe((48 + 5 / 60) * HOUR);
    expect(longestCronGapMs('0 9,17 * * mon-fri')).toBe(64 * HOUR);
    expect(longestCronGapMs('0 12 1 * *')).toBe(31 * 24 * HOUR);
    expect(longestCronGapMs('30 8 * * *')).toBe(24 * HOUR);
    expect(longestCronGapMs('0 9 L * *')).toBeUndefined();
    expect(longestCronGapMs('0 0 30 2 *')).toBeUndefined();
    // Default policy: every 4 h, 300 s splay, factor 3.
    expect(silentAfterMs(DEFAULT_POLICY, 3)).toBe(3 * (4 * HOUR + 300_000));
    expect(silentAfterMs(Policy.parse({ schemaVersion: 1, scan: { cron: '0 9 L * *', splaySeconds: 0 } }), 1)).toBe(32 * 24 * HOUR);
  });
});

describe('collector jobs', () => {
  let dataDir: string;
  let store: Store;
  let now: Date;
  let runner: JobRunner;
  const config = { ...SERVER_CONFIG_DEFAULTS, retentionDays: 90, silentAfterFactor: 3 };

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'farmwatch-jobs-'));
    store = openDataDirStore(dataDir);
    now = START;
    runner = new JobRunner({ jobs: collectorJobs(store, config), leader: new AlwaysLeader(), intervalMs: 60_000, logger, now: () => now });
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function agentReportingAt(at: Date, hostname = 'laptop-17'): Promise<string> {
    const agentId = randomUUID();
    await store.createAgent({
      agentId, tokenHash: hashSecret(mintToken('agent')), hostname, platform: 'linux', agentVersion: '0.1.0',
      serial: null, hardwareUuid: null, enrolledAt: new Date(at.getTime() - HOUR).toISOString(),
    });
    await store.recordReport({ report: makeReport(agentId, { hostname }), receivedAt: at.toISOString(), decideAlerts });
    return agentId;
  }
  const silentAlerts = async () => (await store.listAlerts({ limit: 50, offset: 0, type: 'agent_silent' })).items;

  it('raises agent_silent once the agent misses its expected interval, once per silence', async () => {
    const agentId = await agentReportingAt(START);
    now = new Date(START.getTime() + 12 * HOUR); // within 3 x (4 h + 5 min)
    expect(await runner.tick()).toEqual({ leading: true, ran: ['silent-agents', 'suppression-expiry', 'retention'], failed: [] });
    expect(await silentAlerts()).toEqual([]);

    now = new Date(START.getTime() + 13 * HOUR);
    await runner.tick();
    const [alert] = await silentAlerts();
    expect(alert).toMatchObject({
      agentId, signal: 'agent_health.silent', type: 'agent_silent', category: 'agent_health', severity: 'medium', status: 'open', count: 1,
      lastSeen: now.toISOString(), summary: `laptop-17 has been silent for 13 h (last reported at ${START.toISOString()})`,
    });
    expect(alert!.reasons[0]).toMatch(/expects one within 12\.3 h/);

    now = new Date(START.getTime() + 20 * HOUR);
    await runner.tick();
    expect((await silentAlerts()).map((a) => a.count)).toEqual([1]);

    // It reports again, then falls silent again: the open alert is updated for the new silence.
    await store.recordReport({ report: makeReport(agentId), receivedAt: new Date(START.getTime() + 21 * HOUR).toISOString(), decideAlerts });
    now = new Date(START.getTime() + 40 * HOUR);
    await runner.tick();
    expect((await silentAlerts()).map((a) => [a.count, a.status])).toEqual([[2, 'open']]);
  });

  it('follows the stored policy: a slower schedule tolerates a longer silence', async () => {
    await store.setSetting('policy', JSON.stringify(Policy.parse({ schemaVersion: 1, scan: { cron: '0 9 * * *', splaySeconds: 0 } })));
    await agentReportingAt(START);
    now = new Date(START.getTime() + 70 * HOUR); // 3 x 24 h = 72 h
    await runner.tick();
    expect(await silentAlerts()).toEqual([]);
    now = new Date(START.getTime() + 73 * HOUR);
    await runner.tick();
    expect(await silentAlerts()).toHaveLength(1);
  });

  it('lets a suppression withhold the silent alert and counts it', async () => {
    const agentId = await agentReportingAt(START);
    const rule = await store.createSuppression({
      id: randomUUID(), agentId, employeeId: null, signal: 'agent_health.silent', tool: null, network: null,
      reason: 'on parental leave', createdAt: START.toISOString(), expiresAt: null,
    }, { kind: 'admin', tokenId: 't', label: null, role: 'analyst' });
    now = new Date(START.getTime() + 30 * HOUR);
    await runner.tick();
    expect(await silentAlerts()).toEqual([]);
    expect((await store.listSuppressions({ limit: 10, offset: 0 })).items.find((s) => s.id === rule.id)?.suppressedCount).toBe(1);
  });

  it("lets an employee's suppression withhold the silent alert of their device, found through the inventory", async () => {
    const onLeave = await agentReportingAt(START, 'ann-laptop');
    const working = await agentReportingAt(START, 'bob-laptop');
    await store.importInventory([{
      serial: null, hostname: 'ann-laptop', employeeId: 'E-700', employeeName: 'Ann Lee', city: 'Austin', country: 'US',
      latitude: null, longitude: null, workMode: 'remote', importedAt: START.toISOString(),
    }], { replace: false });
    await store.createSuppression({
      id: randomUUID(), agentId: null, employeeId: 'E-700', signal: null, tool: null, network: null,
      reason: 'parental leave', createdAt: START.toISOString(), expiresAt: null,
    }, { kind: 'admin', tokenId: 't', label: null, role: 'analyst' });
    now = new Date(START.getTime() + 30 * HOUR);
    await runner.tick();
    expect((await silentAlerts()).map((a) => a.agentId)).toEqual([working]);
    expect((await silentAlerts()).map((a) => a.agentId)).not.toContain(onLeave);
  });

  it('deletes expired suppressions', async () => {
    const actor = { kind: 'admin' as const, tokenId: 't', label: null, role: 'analyst' as const };
    const rule = (expiresAt: string | null) => store.createSuppression({
      id: randomUUID(), agentId: null, employeeId: null, signal: null, tool: 'AnyDesk', network: null, reason: null,
      createdAt: START.toISOString(), expiresAt,
    }, actor);
    const keeps = await rule(null);
    await rule(new Date(START.getTime() + HOUR).toISOString());
    now = new Date(START.getTime() + 2 * HOUR);
    await runner.tick();
    expect((await store.listSuppressions({ limit: 10, offset: 0 })).items.map((s) => s.id)).toEqual([keeps.id]);
    expect((await store.listAudit({ limit: 10, offset: 0, action: 'suppression.expire' })).items[0]?.actor).toEqual({ kind: 'system', job: 'suppression-expiry' });
  });

  it('deletes reports past the retention, keeps their alerts, and audits the deletion', async () => {
    const old = await agentReportingAt(START, 'old-laptop');
    await store.recordReport({ report: makeReport(old, { findings: [finding('ip_kvm.edid_match', 'critical', 'PiKVM')] }), receivedAt: START.toISOString(), decideAlerts });
    const recent = new Date(START.getTime() + 80 * 24 * HOUR);
    await store.recordReport({ report: makeReport(old), receivedAt: recent.toISOString(), decideAlerts });
    now = new Date(START.getTime() + 91 * 24 * HOUR);
    await runner.tick();
    expect((await store.getDevice(old))?.device.reportCount).toBe(1);
    expect((await store.listAlerts({ limit: 10, offset: 0, type: 'ip_kvm' })).total).toBe(1);
    const [entry] = (await store.listAudit({ limit: 10, offset: 0, action: 'retention.delete' })).items;
    expect(entry).toMatchObject({ actor: { kind: 'system', job: 'retention' }, before: { reports: 2, retentionDays: 90 } });
  });

  it('keeps running the other jobs when one fails', async () => {
    const failing: Job = { name: 'broken', run: async () => { throw new Error('boom'); } };
    const ran: string[] = [];
    const recording: Job = { name: 'after', run: async (at) => ran.push(at.toISOString()) };
    const local = new JobRunner({ jobs: [failing, recording], leader: new AlwaysLeader(), intervalMs: 60_000, logger, now: () => now });
    expect(await local.tick()).toEqual({ leading: true, ran: ['after'], failed: ['broken'] });
    expect(ran).toEqual([START.toISOString()]);
    await local.stop();
  });
});
