// Seeds a real collector through its API with a laptop farm: four laptops of four employees
// behind one home router that hear each other's LAN beacons, one with a PiKVM attached; plus a
// household of two that must stay below the farm threshold.
import { expect } from 'vitest';
import { Report, type Finding } from '../../shared/index.js';
import { call, type TestCollector } from '../server/collector.js';
import { finding, makeReport } from '../server/fixtures.js';

type Agent = { agentId: string; agentToken: string; serial: string };

async function enrol(c: TestCollector, serial: string): Promise<Agent> {
  const response = await call(c.url, '/api/v1/enroll', {
    body: { schemaVersion: 1, enrollSecret: c.enrollSecret, hostname: `laptop-${serial.toLowerCase()}`, platform: 'linux', agentVersion: '0.1.0', serial },
  });
  expect(response.status).toBe(201);
  return { ...(response.body as { agentId: string; agentToken: string }), serial };
}

async function deliver(c: TestCollector, agent: Agent, egress: string, gatewayMacHash: string, lanPeers: string[], findings: Finding[] = []) {
  const base = makeReport(agent.agentId, { serial: agent.serial, hostname: `laptop-${agent.serial.toLowerCase()}`, findings });
  // Each laptop its own hardware UUID (the shared fixture's would raise an agent_clone alert).
  const hardwareUuid = `4c4c4544-0000-4000-8000-${agent.agentId.slice(-12)}`;
  const report = Report.parse({
    ...base, host: { ...base.host, hardwareUuid }, network: { ...base.network, gatewayMacHash },
    lanPeers: lanPeers.map((agentId) => ({ agentId, heardAt: new Date().toISOString() })),
  });
  const response = await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: report, headers: { 'x-forwarded-for': egress } });
  expect(response.status).toBe(202);
}

export interface SeededFarm {
  farmAlertId: string;
  kvmAlertId: string;
  farmAgentIds: string[];
}

export async function seedFarm(c: TestCollector): Promise<SeededFarm> {
  const farm = await Promise.all(['F1', 'F2', 'F3', 'F4'].map((s) => enrol(c, s)));
  const home = await Promise.all(['H1', 'H2'].map((s) => enrol(c, s)));
  const names = ['Alex Morgan', 'Sam Lee', 'Jordan Diaz', 'Casey Kim', 'Robin Park', 'Taylor Park'];
  const records = ['F1', 'F2', 'F3', 'F4', 'H1', 'H2'].map((serial, i) => ({
    serial, employeeId: `E-${100 + i}`, employeeName: names[i], city: 'Austin', country: 'US', workMode: 'remote',
  }));
  expect((await call(c.url, '/api/v1/inventory', { token: c.adminToken, body: records })).status).toBe(200);
  const farmIds = farm.map((a) => a.agentId);
  for (const [i, agent] of farm.entries()) {
    const kvm = i === 0 ? [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM')] : [];
    await deliver(c, agent, '81.2.69.160', 'a'.repeat(32), farmIds.filter((id) => id !== agent.agentId), kvm);
  }
  for (const agent of home) await deliver(c, agent, '81.2.69.161', 'b'.repeat(32), home.map((a) => a.agentId).filter((id) => id !== agent.agentId));

  const end = Date.now() + 15_000;
  let alerts: { id: string; type: string; agentIds: string[] }[] = [];
  while (Date.now() < end) {
    alerts = (await call(c.url, '/api/v1/alerts?limit=100', { token: c.adminToken })).body.alerts;
    if (alerts.some((a) => a.type === 'farm_suspected' && a.agentIds.length === 4)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const farmAlert = alerts.find((a) => a.type === 'farm_suspected');
  const kvmAlert = alerts.find((a) => a.type === 'ip_kvm');
  if (!farmAlert || !kvmAlert) throw new Error(`seeding raised no farm or KVM alert: ${JSON.stringify(alerts.map((a) => a.type))}`);
  return { farmAlertId: farmAlert.id, kvmAlertId: kvmAlert.id, farmAgentIds: farmIds };
}
