// The LAN beacon with real UDP sockets: agents of one organisation hear each other (two sockets
// in this process, two child processes, and as root three network namespaces of which only two
// share a link); foreign keys, stale, replayed and own beacons are ignored. Beacons are broadcast,
// so every exchange here is confined to a veth link into a namespace of the test's own: nothing
// is sent on this machine's real network.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beaconKey, decodeBeacon, encodeBeacon, newBeacon, BEACON_LENGTH } from '../../../../agent/probes/net/beacon-codec.js';
import { BeaconGate, REPLAY_WINDOW_MS } from '../../../../agent/probes/net/beacon-replay.js';
import { exchangeBeacons, lanPeersProbe } from '../../../../agent/probes/net/beacon.js';
import { startBeaconResponder } from '../../../../agent/probes/net/beacon-responder.js';
import { broadcastAddress, localIpv4Interfaces } from '../../../../agent/probes/net/beacon-socket.js';
import { collectFacts } from '../../../../agent/probes/index.js';
import type { LanPeerFact } from '../../../../shared/schema/facts.js';
import { LanPeerFact as LanPeerSchema } from '../../../../shared/schema/facts.js';
import { describeNetns, NetnsLab } from './netns.js';

const execFileAsync = promisify(execFile);
let bundleDir: string;
let runnerBundle: string;

// The child agents run a bundle of beacon-runner.ts: plain node starts in tens of ms, tsx in ~1 s.
beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'farmwatch-beacon-'));
  runnerBundle = join(bundleDir, 'beacon-runner.mjs');
  await build({ entryPoints: ['test/agent/probes/net/beacon-runner.ts'], outfile: runnerBundle, bundle: true, platform: 'node', format: 'esm', target: 'node20.19', logLevel: 'warning' });
});
afterAll(() => rm(bundleDir, { recursive: true, force: true }));
const signal = new AbortController().signal;
const orgKey = (): string => randomBytes(32).toString('hex');
let nextPort = 40_000 + (process.pid % 10_000) * 2;
const freshPort = (): number => (nextPort += 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendTo(port: number, datagram: Buffer, address = '127.0.0.1'): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => socket.send(datagram, port, address, (error) => (error ? reject(error) : resolve())));
  socket.close();
}

async function runner(options: { agentId: string; orgKey: string; port: number; listenMs: number; interfaces?: string[] }, ns?: string): Promise<{ peers: LanPeerFact[]; warnings: string[] }> {
  const command = [process.execPath, runnerBundle, JSON.stringify(options)];
  const [file, ...args] = ns ? ['ip', 'netns', 'exec', ns, ...command] : command;
  const { stdout } = await execFileAsync(file as string, args, { timeout: 30_000 });
  return JSON.parse(stdout) as { peers: LanPeerFact[]; warnings: string[] };
}

describe('beacon datagram', () => {
  const key = beaconKey(orgKey());
  const agentId = randomUUID();

  it('round-trips and is fixed-size', () => {
    const beacon = newBeacon(agentId, false, 1_700_000_000_123);
    const datagram = encodeBeacon(beacon, key);
    expect(datagram).toHaveLength(BEACON_LENGTH);
    expect(decodeBeacon(datagram, key)).toEqual(beacon);
    expect(decodeBeacon(encodeBeacon({ ...beacon, reply: true }, key), key)?.reply).toBe(true);
  });

  it('rejects another organisation, any flipped bit and wrong sizes', () => {
    const datagram = encodeBeacon(newBeacon(agentId, false), key);
    expect(decodeBeacon(datagram, beaconKey(orgKey()))).toBeUndefined();
    for (const offset of [0, 4, 10, 30, 40, 60, BEACON_LENGTH - 1]) {
      const tampered = Buffer.from(datagram);
      tampered[offset]! ^= 0x01;
      expect(decodeBeacon(tampered, key)).toBeUndefined();
    }
    expect(decodeBeacon(datagram.subarray(0, BEACON_LENGTH - 1), key)).toBeUndefined();
    expect(decodeBeacon(Buffer.concat([datagram, Buffer.from([0])]), key)).toBeUndefined();
  });

  it('refuses to sign a malformed agent id or key', () => {
    expect(() => encodeBeacon({ ...newBeacon(agentId, false), agentId: 'not-a-uuid' }, key)).toThrow(/not a UUID/);
    expect(() => beaconKey('short')).toThrow(/64 lowercase hex/);
  });
});

describe('beacon gate', () => {
  const own = randomUUID();
  const peer = randomUUID();
  const now = 1_800_000_000_000;

  it('accepts a fresh beacon once, never its own, never a stale one', () => {
    const gate = new BeaconGate(own);
    const beacon = { ...newBeacon(peer, false, now) };
    expect(gate.judge(beacon, now)).toBe('accepted');
    expect(gate.judge(beacon, now + 1000)).toBe('repeated');
    expect(gate.judge(newBeacon(own, false, now), now)).toBe('own');
    expect(gate.judge(newBeacon(peer, false, now - REPLAY_WINDOW_MS - 1), now)).toBe('stale');
    expect(gate.judge(newBeacon(peer, false, now + REPLAY_WINDOW_MS + 1), now)).toBe('stale');
    expect(gate.judge(newBeacon(peer, false, now - REPLAY_WINDOW_MS + 1000), now)).toBe('accepted');
  });

  it('forgets nonces only after they can no longer pass the time check', () => {
    const gate = new BeaconGate(own);
    const beacon = newBeacon(peer, false, now);
    expect(gate.judge(beacon, now)).toBe('accepted');
    expect(gate.judge(beacon, now + REPLAY_WINDOW_MS)).toBe('repeated');
    expect(gate.judge(beacon, now + 3 * REPLAY_WINDOW_MS)).toBe('stale');
  });
});

describe('broadcast address', () => {
  it('is the host part set to ones', () => {
    expect(broadcastAddress('192.168.1.23', '255.255.255.0')).toBe('192.168.1.255');
    expect(broadcastAddress('10.1.2.3', '255.255.240.0')).toBe('10.1.15.255');
    expect(broadcastAddress('172.16.5.4', '255.255.0.0')).toBe('172.16.255.255');
  });
});

describeNetns('beacon exchange on this machine, confined to a test link', () => {
  const lab = new NetnsLab();
  // The root end of a veth pair into a throwaway namespace: the only interface these agents use.
  let lan: string[] = [];
  beforeAll(async () => {
    const peer = await lab.namespace('bl');
    lan = [(await lab.link('l', { address: '10.213.10.1/24' }, { ns: peer, address: '10.213.10.2/24' })).a];
  });
  afterAll(() => lab.cleanup());

  it('announces only on the interfaces the policy allows', () => {
    expect(localIpv4Interfaces(lan).map((i) => i.name)).toEqual(lan);
    expect(localIpv4Interfaces([`${lan[0]!.slice(0, 4)}*`]).map((i) => i.name)).toContain(lan[0]);
    expect(localIpv4Interfaces(['no-such-interface*'])).toEqual([]);
  });

  it('two agents of one organisation hear each other; a third organisation hears and is heard by nobody', async () => {
    const key = orgKey();
    const port = freshPort();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const [heardByA, heardByB, heardByC] = await Promise.all([
      exchangeBeacons({ agentId: a, orgKey: key, port, listenMs: 1200, signal, interfaces: lan }),
      sleep(300).then(() => exchangeBeacons({ agentId: b, orgKey: key, port, listenMs: 1200, signal, interfaces: lan })),
      exchangeBeacons({ agentId: c, orgKey: orgKey(), port, listenMs: 1200, signal, interfaces: lan }),
    ]);
    expect(heardByA.map((p) => p.agentId)).toEqual([b]);
    expect(heardByB.map((p) => p.agentId)).toEqual([a]);
    expect(heardByC).toEqual([]);
    for (const peer of [...heardByA, ...heardByB]) {
      expect(LanPeerSchema.parse(peer)).toEqual(peer);
      expect(peer.interface).toBe(lan[0]);
    }
  });

  it('two agents in separate processes hear each other', async () => {
    const key = orgKey();
    const port = freshPort();
    const [a, b] = [randomUUID(), randomUUID()];
    const [ra, rb] = await Promise.all([runner({ agentId: a, orgKey: key, port, listenMs: 1000, interfaces: lan }), runner({ agentId: b, orgKey: key, port, listenMs: 1000, interfaces: lan })]);
    expect(ra.peers.map((p) => p.agentId)).toEqual([b]);
    expect(rb.peers.map((p) => p.agentId)).toEqual([a]);
  });

  it('ignores its own beacons, stale beacons and replays across scans', async () => {
    const key = orgKey();
    const port = freshPort();
    const own = randomUUID();
    const peer = randomUUID();
    const signing = beaconKey(key);
    const captured = encodeBeacon(newBeacon(peer, false), signing);

    const first = exchangeBeacons({ agentId: own, orgKey: key, port, listenMs: 600, signal, interfaces: lan });
    await sleep(150);
    await sendTo(port, encodeBeacon(newBeacon(own, false), signing)); // own id (e.g. a clone): ignored
    await sendTo(port, encodeBeacon(newBeacon(randomUUID(), false, Date.now() - REPLAY_WINDOW_MS - 5_000), signing)); // stale
    await sendTo(port, captured);
    expect((await first).map((p) => p.agentId)).toEqual([peer]);

    // The next scan of the same agent: the captured datagram replayed is not heard again.
    const second = exchangeBeacons({ agentId: own, orgKey: key, port, listenMs: 400, signal, interfaces: lan });
    await sleep(150);
    await sendTo(port, captured);
    expect(await second).toEqual([]);
  });

  it('the service responder answers a scanning agent once per interval, and never a reply', async () => {
    const key = orgKey();
    const port = freshPort();
    const [running, scanning] = [randomUUID(), randomUUID()];
    const responder = await startBeaconResponder({ agentId: running, orgKey: key, port, interfaces: lan });
    try {
      // The responder is not scanning, yet the scan hears it.
      expect((await exchangeBeacons({ agentId: scanning, orgKey: key, port, listenMs: 600, signal, interfaces: lan })).map((p) => p.agentId)).toEqual([running]);
      expect(responder.answered).toBe(1);
      // A reply is never answered; a second scan within the interval is not answered again.
      await sendTo(port, encodeBeacon(newBeacon(randomUUID(), true), beaconKey(key)));
      expect(await exchangeBeacons({ agentId: scanning, orgKey: key, port, listenMs: 400, signal, interfaces: lan })).toEqual([]);
      expect(responder.answered).toBe(1);
      // Another organisation's scan gets nothing.
      expect(await exchangeBeacons({ agentId: randomUUID(), orgKey: orgKey(), port, listenMs: 400, signal, interfaces: lan })).toEqual([]);
      expect(responder.answered).toBe(1);
    } finally {
      await responder.close();
    }
  });

  it('listens no longer than its probe may run, so what it heard is kept', async () => {
    const started = performance.now();
    const facts = await collectFacts({ probeTimeoutMs: 1500, network: { beacon: { agentId: randomUUID(), orgKey: orgKey(), port: freshPort(), listenMs: 60_000, interfaces: lan } } });
    expect(facts.probes.find((p) => p.probe === 'lanPeers')).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('the probe does nothing without beacon settings', async () => {
    await expect(lanPeersProbe({})({ signal, warn: () => undefined })).resolves.toEqual([]);
    await expect(lanPeersProbe({ beacon: { agentId: randomUUID(), orgKey: orgKey(), port: freshPort(), listenMs: 0 } })({ signal, warn: () => undefined })).resolves.toEqual([]);
  });
});

describeNetns('beacon across network namespaces', () => {
  const lab = new NetnsLab();
  const ns: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

  beforeAll(async () => {
    ns.a = await lab.namespace('ba');
    ns.b = await lab.namespace('bb');
    ns.c = await lab.namespace('bc');
    // a and b share a link; c sits on its own link to the root namespace.
    await lab.link('ab', { ns: ns.a, address: '10.213.8.1/24' }, { ns: ns.b, address: '10.213.8.2/24' });
    await lab.link('c', { address: '10.213.9.1/24' }, { ns: ns.c, address: '10.213.9.2/24' });
  });
  afterAll(() => lab.cleanup());

  it('agents on one link hear each other; an agent on another link hears nobody', async () => {
    const key = orgKey();
    const port = freshPort();
    const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID() };
    const [ra, rb, rc] = await Promise.all(
      (['a', 'b', 'c'] as const).map((n) => runner({ agentId: ids[n], orgKey: key, port, listenMs: 1500 }, ns[n])),
    );
    expect(ra!.peers.map((p) => [p.agentId, p.interface])).toEqual([[ids.b, lab.name('aba')]]);
    expect(rb!.peers.map((p) => [p.agentId, p.interface])).toEqual([[ids.a, lab.name('abb')]]);
    expect(rc!.peers).toEqual([]);
  });
});
