// The CLI hands the network probes what they need: enrolled, `scan` times the collector named in
// the credential and exchanges beacons with another agent of the organisation on this machine
// (on a veth link of the test's own, as the policy's interface list says); not enrolled, it
// does neither.
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../../shared/index.js';
import { exchangeBeacons } from '../../../agent/probes/net/beacon.js';
import { saveCredential } from '../../../agent/runtime/credential.js';
import { runCli } from './cli-helpers.js';
import { tempDir } from './helpers.js';
import { NetnsLab, netnsUnavailable } from '../probes/net/netns.js';

describe('scan with network inputs', () => {
  let collector: Server;
  let port: number;
  let connections = 0;
  const dirs: Array<() => Promise<void>> = [];
  const lab = new NetnsLab();
  let lan: string[] = [];

  beforeAll(async () => {
    collector = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    port = (collector.address() as { port: number }).port;
    if (netnsUnavailable === undefined) {
      const peer = await lab.namespace('cn');
      lan = [(await lab.link('n', { address: '10.213.12.1/24' }, { ns: peer, address: '10.213.12.2/24' })).a];
    } else if (!process.env.CI) console.warn(`skipping the enrolled network scan: ${netnsUnavailable}`);
  });
  afterAll(async () => {
    await lab.cleanup();
    collector.close();
    for (const cleanup of dirs) await cleanup();
  });

  it.skipIf(netnsUnavailable !== undefined && !process.env.CI)('enrolled: RTT to the collector and the agents heard on the LAN are in the report', async () => {
    const { dir, cleanup } = await tempDir();
    dirs.push(cleanup);
    const orgKey = randomBytes(32).toString('hex');
    const agentId = randomUUID();
    const beaconPort = 41_000 + (process.pid % 10_000);
    await saveCredential(dir, { serverUrl: `http://127.0.0.1:${port}`, agentId, agentToken: 'fwa_test', orgKey, enrolledAt: new Date().toISOString() });
    const policy = { schemaVersion: 1, rtt: { samples: 3, timeoutMs: 1000 }, beacon: { enabled: true, interfaces: lan, port: beaconPort, listenMs: 1500 } };
    await writeFile(join(dir, 'policy.json'), JSON.stringify({ fetchedAt: new Date().toISOString(), policy }), { mode: 0o600 });

    const neighbour = randomUUID();
    const before = connections;
    // Another agent of the organisation listens on this machine until the scan has finished.
    const stop = new AbortController();
    const neighbourHeard = exchangeBeacons({ agentId: neighbour, orgKey, port: beaconPort, listenMs: 20_000, signal: stop.signal, interfaces: lan });
    const result = await runCli(['--state-dir', dir, 'scan', '--json']);
    stop.abort();
    const heardByNeighbour = await neighbourHeard;
    expect(result.code, result.stderr).toBe(0);
    const report = Report.parse(JSON.parse(result.stdout));
    expect(report.rtt).toEqual([expect.objectContaining({ target: 'collector', host: '127.0.0.1', port, samples: 3, failures: 0 })]);
    expect(connections - before).toBe(3);
    expect(report.lanPeers.map((p) => p.agentId)).toEqual([neighbour]);
    expect(heardByNeighbour.map((p) => p.agentId)).toContain(agentId);
  }, 30_000);

  it('not enrolled: no RTT and no beacon, and both probes are healthy', async () => {
    const { dir, cleanup } = await tempDir();
    dirs.push(cleanup);
    const result = await runCli(['--state-dir', dir, 'scan', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = Report.parse(JSON.parse(result.stdout));
    expect(report.rtt).toEqual([]);
    expect(report.lanPeers).toEqual([]);
    expect(report.probes.filter((p) => p.probe === 'rtt' || p.probe === 'lanPeers')).toEqual([
      expect.objectContaining({ probe: 'rtt', ok: true }),
      expect.objectContaining({ probe: 'lanPeers', ok: true }),
    ]);
  });
});
