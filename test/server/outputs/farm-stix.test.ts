// A farm found by co-location on a real collector: its farm_suspected alert reaches a webhook with
// the cluster id, and GET /api/v1/clusters/:id/stix exports its indicators as a valid STIX 2.1 bundle.
import { afterEach, describe, expect, it } from 'vitest';
import { NETWORK_IDENTIFIER_TYPE } from '../../../server/export/stix.js';
import { AlertEvent } from '../../../server/outputs/types.js';
import { Report } from '../../../shared/index.js';
import { call, type TestCollector } from '../collector.js';
import { stixViolations } from '../export/stix-rules.js';
import { finding, makeReport } from '../fixtures.js';
import { startOutputsCollector } from './outputs-collector.js';
import { eventually, startHttpReceiver, type HttpReceiver } from './receivers.js';

const FARM_GW = 'a'.repeat(32);
const EGRESS = '81.2.69.160';

let collector: TestCollector | undefined;
let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await collector?.close();
  await receiver?.close();
  collector = receiver = undefined;
});

describe('a suspected farm leaving FarmWatch', () => {
  it('sends the farm alert with its cluster and exports the cluster as STIX 2.1', { timeout: 30_000 }, async () => {
    receiver = await startHttpReceiver();
    collector = await startOutputsCollector({ trustProxy: true, correlationPollMs: 100 });
    const c = collector;
    expect((await call(c.url, '/api/v1/outputs', {
      token: c.adminToken,
      body: { id: 'farms', name: 'Farms', type: 'webhook', url: receiver.url, secret: 'webhook-secret-for-tests', filter: { types: ['farm_suspected'] } },
    })).status).toBe(201);

    const serials = ['F1', 'F2', 'F3', 'F4'];
    const agents = await Promise.all(serials.map(async (serial) => {
      const response = await call(c.url, '/api/v1/enroll', { body: { schemaVersion: 1, enrollSecret: c.enrollSecret, hostname: `host-${serial}`, platform: 'linux', agentVersion: '0.1.0', serial } });
      return { ...(response.body as { agentId: string; agentToken: string }), serial };
    }));
    const inventory = serials.map((serial, i) => ({ serial, employeeId: `E-${i}`, employeeName: `Name ${i}`, city: 'Austin', country: 'US', workMode: 'remote' }));
    expect((await call(c.url, '/api/v1/inventory', { token: c.adminToken, body: inventory })).status).toBe(200);
    for (const agent of agents) {
      const kvm = agent === agents[0] ? [finding('ip_kvm.usb_vendor_match', 'critical', 'PiKVM')] : [];
      const base = makeReport(agent.agentId, { serial: agent.serial, hostname: `host-${agent.serial}`, findings: kvm });
      const report = Report.parse({
        ...base, network: { ...base.network, gatewayMacHash: FARM_GW },
        lanPeers: agents.filter((a) => a !== agent).map((a) => ({ agentId: a.agentId, heardAt: new Date().toISOString() })),
      });
      expect((await call(c.url, '/api/v1/reports', { token: agent.agentToken, body: report, headers: { 'x-forwarded-for': EGRESS } })).status).toBe(202);
    }

    await eventually(() => receiver!.requests.length >= 1, 15_000);
    const event = AlertEvent.parse(JSON.parse(receiver.requests[0]!.body));
    expect(event).toMatchObject({ kind: 'opened', type: 'farm_suspected', clusterId: expect.any(String) });
    expect([...event.deviceIds].sort()).toEqual(agents.map((a) => a.agentId).sort());

    const stix = await fetch(`${c.url}/api/v1/clusters/${encodeURIComponent(event.clusterId!)}/stix?tlp=green`, { headers: { authorization: `Bearer ${c.adminToken}` } });
    expect(stix.status).toBe(200);
    expect(stix.headers.get('content-type')).toMatch(/^application\/stix\+json; version="?2\.1"?/);
    const bundle = await stix.json() as { objects: { type: string; pattern?: string; name?: string }[] };
    expect(stixViolations(bundle as unknown as Record<string, unknown>, [NETWORK_IDENTIFIER_TYPE])).toEqual([]);
    const patterns = bundle.objects.filter((o) => o.type === 'indicator').map((o) => o.pattern);
    expect(patterns).toEqual(expect.arrayContaining([`[ipv4-addr:value = '${EGRESS}']`, expect.stringContaining(FARM_GW)]));
    expect(bundle.objects.find((o) => o.type === 'marking-definition')?.name).toBe('TLP:GREEN');

    expect((await call(c.url, '/api/v1/clusters/nope/stix', { token: c.adminToken })).status).toBe(404);
  });
});
