// The service's beacon responder follows the policy: on when enabled, moved when the port
// changes, off when disabled or stopped. Checked by what a real scanning agent hears, on a veth
// link into a namespace of the test's own (beacons are broadcast: never on the real network).
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Policy } from '../../../shared/index.js';
import { exchangeBeacons } from '../../../agent/probes/net/beacon.js';
import { BeaconService } from '../../../agent/runtime/beacon-service.js';
import { captureLog } from './helpers.js';
import { describeNetns, NetnsLab } from '../probes/net/netns.js';

const credential = { agentId: randomUUID(), orgKey: randomBytes(32).toString('hex') };
const basePort = 43_000 + (process.pid % 10_000);
let lan: string[] = [];
const policy = (beacon: { enabled?: boolean; port?: number }) => Policy.parse({ schemaVersion: 1, beacon: { enabled: true, interfaces: lan, ...beacon } });
const heardBy = async (port: number) =>
  (await exchangeBeacons({ agentId: randomUUID(), orgKey: credential.orgKey, port, listenMs: 500, signal: new AbortController().signal, interfaces: lan })).map((p) => p.agentId);

describeNetns('beacon service', () => {
  const service = new BeaconService(captureLog().log);
  const lab = new NetnsLab();
  beforeAll(async () => {
    const peer = await lab.namespace('sv');
    lan = [(await lab.link('s', { address: '10.213.11.1/24' }, { ns: peer, address: '10.213.11.2/24' })).a];
  });
  afterEach(() => service.close());
  afterAll(() => lab.cleanup());

  it('follows the policy', async () => {
    await service.update(policy({ port: basePort }), credential);
    expect(service.running?.port).toBe(basePort);
    expect(await heardBy(basePort)).toEqual([credential.agentId]);

    await service.update(policy({ port: basePort + 1 }), credential);
    expect(service.running?.port).toBe(basePort + 1);
    expect(await heardBy(basePort + 1)).toEqual([credential.agentId]);
    expect(await heardBy(basePort)).toEqual([]);

    await service.update(policy({ enabled: false, port: basePort + 1 }), credential);
    expect(service.running).toBeUndefined();
    expect(await heardBy(basePort + 1)).toEqual([]);
  });
});
