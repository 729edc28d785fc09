// Reports enriched at ingest: the egress address (X-Forwarded-For only behind a trusted proxy),
// GeoIP and ASN from the real bundled databases, office networks, and the location alert.
import { afterEach, describe, expect, it } from 'vitest';
import { Policy, Report } from '../../shared/index.js';
import { call, enrollAgent, startCollector, type TestCollector } from './collector.js';
import { makeReport } from './fixtures.js';

const BUNDLED_GEOIP = { geoipCityDb: undefined, geoipAsnDb: undefined };
let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

async function deliver(c: TestCollector, agent: { agentId: string; agentToken: string }, report: Report, forwardedFor = '8.8.8.8') {
  const response = await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: report, headers: { 'x-forwarded-for': forwardedFor } });
  expect(response.status).toBe(202);
}

async function deviceEgress(c: TestCollector, agentId: string) {
  return (await call(c.url, `/api/v1/devices/${agentId}`, { token: c.adminToken })).body.device.egress;
}

describe('egress at ingest', () => {
  it('ignores X-Forwarded-For without FARMWATCH_TRUST_PROXY', { timeout: 30_000 }, async () => {
    collector = await startCollector({ trustProxy: false, ...BUNDLED_GEOIP });
    const agent = await enrollAgent(collector);
    await deliver(collector, agent, makeReport(agent.agentId));
    expect(await deviceEgress(collector, agent.agentId)).toMatchObject({
      ip: '127.0.0.1', prefix64: null, country: null, asn: null, hosting: null, office: null, seenAt: expect.any(String),
    });
  });

  it('honours X-Forwarded-For behind a trusted proxy and looks the address up', { timeout: 30_000 }, async () => {
    collector = await startCollector({ trustProxy: true, ...BUNDLED_GEOIP });
    const agent = await enrollAgent(collector);
    await deliver(collector, agent, makeReport(agent.agentId));
    expect(await deviceEgress(collector, agent.agentId)).toMatchObject({
      ip: '8.8.8.8', country: 'US', asn: 15169, asOrganisation: 'Google LLC', hosting: { kind: 'hosting' }, office: null,
    });

    await deliver(collector, agent, makeReport(agent.agentId), '2001:4860:4860::8888, 10.0.0.1');
    expect(await deviceEgress(collector, agent.agentId)).toMatchObject({ ip: '2001:4860:4860::8888', prefix64: '2001:4860:4860::/64', asn: 15169 });
  });

  it('marks a declared office network', { timeout: 30_000 }, async () => {
    collector = await startCollector({ trustProxy: true, ...BUNDLED_GEOIP });
    const office = await call(collector.url, '/api/v1/offices', { token: collector.adminToken, body: { name: 'Resolver lab', egressCidrs: ['8.8.8.0/24'] } });
    const agent = await enrollAgent(collector);
    await deliver(collector, agent, makeReport(agent.agentId));
    expect(await deviceEgress(collector, agent.agentId)).toMatchObject({ ip: '8.8.8.8', office: { id: office.body.office.id, name: 'Resolver lab' } });
  });
});

describe('location plausibility at ingest', () => {
  it('raises location.rtt_implausible for a New York employee measured next to Seoul', { timeout: 30_000 }, async () => {
    collector = await startCollector({ trustProxy: true, ...BUNDLED_GEOIP });
    const agent = await enrollAgent(collector);
    await collector.store.setSetting('policy', JSON.stringify(Policy.parse({ schemaVersion: 1, rtt: { anchors: [
      { id: 'nyc', host: 'nyc.anchor.example', latitude: 40.7357, longitude: -74.1724 },
      { id: 'seoul', host: 'seoul.anchor.example', latitude: 37.5665, longitude: 126.978 },
    ] } })));
    const inventory = await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, body: [
      { serial: 'SN-0017', employeeId: 'E-100', employeeName: 'Jane Doe', city: 'New York', country: 'US', latitude: 40.7128, longitude: -74.006, workMode: 'remote' },
    ] });
    expect(inventory.status).toBe(200);

    const base = makeReport(agent.agentId);
    const rtt = (target: string, minMs: number) => ({ target, host: `${target}.anchor.example`, port: 443, minMs, samples: 5, failures: 0 });
    const plausible = Report.parse({ ...base, host: { ...base.host, timezone: 'America/New_York' }, rtt: [rtt('nyc', 3), rtt('seoul', 190)] });
    await deliver(collector, agent, plausible);
    const query = '/api/v1/alerts?signal=location.rtt_implausible';
    expect((await call(collector.url, query, { token: collector.adminToken })).body.total).toBe(0);

    const farm = Report.parse({ ...makeReport(agent.agentId), host: { ...base.host, timezone: 'Asia/Seoul' }, rtt: [rtt('nyc', 180), rtt('seoul', 15)] });
    await deliver(collector, agent, farm);
    const alerts = await call(collector.url, query, { token: collector.adminToken });
    expect(alerts.body.total).toBe(1);
    expect(alerts.body.alerts[0]).toMatchObject({ agentId: agent.agentId, category: 'location', severity: 'high', status: 'open' });
    const evidence = alerts.body.alerts[0].evidence[0];
    expect(evidence).toMatchObject({ subject: 'New York, US', severity: 'high' });
    expect(evidence.evidence.reasons.join('\n')).toMatch(/15 ms to anchor seoul puts the laptop within 1500 km/);
    expect(evidence.evidence.reasons.join('\n')).toMatch(/time zone Asia\/Seoul/);
    expect(evidence.evidence.timezone).toBe('Asia/Seoul');
  });

  it('judges the RTT to the collector itself when FARMWATCH_COLLECTOR_LOCATION is set', async () => {
    // GeoIP off: the verdict needs only the inventory, the RTT and the collector's position.
    collector = await startCollector({ collectorLocation: { latitude: 50.1109, longitude: 8.6821 } });
    const agent = await enrollAgent(collector);
    await call(collector.url, '/api/v1/inventory', { token: collector.adminToken, body: [
      { serial: 'SN-0017', employeeId: 'E-100', employeeName: 'Jane Doe', city: 'New York', country: 'US', latitude: 40.7128, longitude: -74.006, workMode: 'remote' },
    ] });
    const base = makeReport(agent.agentId);
    const report = Report.parse({ ...base, rtt: [{ target: 'collector', host: 'collector.example', port: 443, minMs: 4, samples: 5, failures: 0 }] });
    await deliver(collector, agent, report);
    const alerts = await call(collector.url, '/api/v1/alerts?signal=location.rtt_implausible', { token: collector.adminToken });
    expect(alerts.body.total).toBe(1);
    expect(alerts.body.alerts[0].evidence[0].evidence.reasons[0]).toMatch(/^4 ms to anchor collector puts the laptop within 400 km of it/);
  });
});
