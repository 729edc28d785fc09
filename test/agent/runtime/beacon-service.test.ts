// The service's beacon responder follows the policy: on when enabled, moved when the port
// changes, off when disabled or stopped. Checked by what a real scanning agent hears.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Policy } from '../../../shared/index.js';
import { exchangeBeacons } from '../../../agent/probes/net/beacon.js';
import { localIpv4Interfaces } from '../../../agent/probes/net/beacon-socket.js';
import { BeaconService } from '../../../agent/runtime/beacon-service.js';
import { captureLog } from './helpers.js';

const credential = { agentId: randomUUID(), orgKey: randomBytes(32).toString('hex') };
const basePort = 43_000 + (process.pid % 10_000);
const policy = (beacon: { enabled?: boolean; port?: number }) => Policy.parse({ schemaVersion: 1, beacon });
const heardBy = async (port: number) =>
  (await exchangeBeacons({ agentId: randomUUID(), orgKey: credential.orgKey, port, listenMs: 500, signal: new AbortController().signal })).map((p) => p.agentId);

describe.skipIf(localIpv4Interfaces().length === 0 && !process.env.CI)('beacon service', () => {
  const service = new BeaconService(captureLog().log);
  afterEach(() => service.close());

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
