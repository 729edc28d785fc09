// The RTT probe against real TCP listeners: on 127.0.0.1, a closed port, a name that does not
// resolve, and (as root) across a veth pair into another network namespace, including a
// destination that never answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRtt, rttProbe } from '../../../../agent/probes/net/rtt.js';
import { buildReport } from '../../../../agent/report/build-report.js';
import { collectFacts } from '../../../../agent/probes/index.js';
import { describeNetns, NetnsLab } from './netns.js';

const signal = new AbortController().signal;
const ORG_KEY = 'ab'.repeat(32);

interface Listener {
  server: Server;
  port: number;
  connections: number;
  bytesReceived: number;
}

async function listen(): Promise<Listener> {
  const listener: Listener = { server: createServer(), port: 0, connections: 0, bytesReceived: 0 };
  listener.server.on('connection', (socket: Socket) => {
    listener.connections += 1;
    socket.on('data', (chunk) => (listener.bytesReceived += chunk.length));
    socket.on('error', () => undefined);
  });
  listener.server.listen(0, '127.0.0.1');
  await once(listener.server, 'listening');
  listener.port = (listener.server.address() as { port: number }).port;
  return listener;
}

async function closedPort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('rtt probe on this machine', () => {
  let listener: Listener;
  beforeAll(async () => {
    listener = await listen();
  });
  afterAll(() => listener.server.close());

  it('takes N sequential connects, sends nothing and keeps every sample', async () => {
    const before = listener.connections;
    const [fact] = await measureRtt([{ target: 'local', host: '127.0.0.1', port: listener.port }], { samples: 6, timeoutMs: 1000, signal });
    expect(fact).toMatchObject({ target: 'local', host: '127.0.0.1', port: listener.port, failures: 0 });
    expect(fact!.samplesMs).toHaveLength(6);
    for (const ms of fact!.samplesMs) expect(ms).toBeGreaterThanOrEqual(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listener.connections - before).toBe(6);
    expect(listener.bytesReceived).toBe(0);
  });

  it('accepts a host name and accounts for every attempt', async () => {
    const [fact] = await measureRtt([{ target: 'byname', host: 'localhost', port: listener.port }], { samples: 2, timeoutMs: 1000, signal });
    // localhost may resolve to ::1 where nothing listens; either way every attempt is accounted for.
    expect(fact!.samplesMs.length + fact!.failures).toBe(2);
  });

  it('counts refused connects as failures and says why', async () => {
    const port = await closedPort();
    const warnings: string[] = [];
    const [fact] = await measureRtt([{ target: 'closed', host: '127.0.0.1', port }], { samples: 3, timeoutMs: 1000, signal }, (m) => warnings.push(m));
    expect(fact).toMatchObject({ samplesMs: [], failures: 3 });
    expect(warnings.join()).toMatch(/3 of 3 connects .* failed \(ECONNREFUSED\)/);
  });

  it('counts every sample of a host that does not resolve as failed', async () => {
    const warnings: string[] = [];
    const [fact] = await measureRtt([{ target: 'nowhere', host: 'no-such-host.invalid', port: 443 }], { samples: 4, timeoutMs: 1000, signal }, (m) => warnings.push(m));
    expect(fact).toMatchObject({ samplesMs: [], failures: 4 });
    expect(warnings.join()).toMatch(/cannot resolve no-such-host\.invalid/);
  });

  it('measures targets in parallel, one result per target in order', async () => {
    const port = await closedPort();
    const facts = await measureRtt(
      [
        { target: 'open', host: '127.0.0.1', port: listener.port },
        { target: 'closed', host: '127.0.0.1', port },
      ],
      { samples: 2, timeoutMs: 1000, signal },
    );
    expect(facts.map((f) => [f.target, f.samplesMs.length, f.failures])).toEqual([['open', 2, 0], ['closed', 0, 2]]);
  });

  it('the report keeps the minimum of the samples', async () => {
    const facts = await collectFacts({ network: { rttTargets: [{ target: 'collector', host: '127.0.0.1', port: listener.port }], rttSamples: 5 } });
    const [rtt] = facts.rtt;
    expect(rtt!.samplesMs).toHaveLength(5);
    expect(facts.probes.find((p) => p.probe === 'rtt')).toMatchObject({ ok: true });
    const report = buildReport(facts, [], { agentId: '0b8f2c58-5a41-4f0e-9d6f-6c1f3f1d2b7a', orgKey: ORG_KEY, agentVersion: 't', startedAt: new Date(), finishedAt: new Date(), spoolEvicted: 0 });
    expect(report.rtt[0]).toMatchObject({ target: 'collector', samples: 5, failures: 0, minMs: Math.min(...rtt!.samplesMs) });
  });

  it('without targets does nothing and is healthy', async () => {
    const warnings: string[] = [];
    await expect(rttProbe({})({ signal, warn: (m) => warnings.push(m) })).resolves.toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('stops taking samples when its budget is spent', async () => {
    const facts = await collectFacts({ probeTimeoutMs: 1000, network: { rttTargets: [{ target: 'local', host: '127.0.0.1', port: listener.port }], rttSamples: 3 } });
    // probe timeout 1000 ms minus the 1000 ms margin: no time for a single sample, and no time-out either.
    expect(facts.rtt[0]).toMatchObject({ samplesMs: [], failures: 0 });
    expect(facts.probes.find((p) => p.probe === 'rtt')).toMatchObject({ ok: true });
  });
});

describeNetns('rtt probe across network namespaces', () => {
  const lab = new NetnsLab();
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    const ns = await lab.namespace('r');
    await lab.link('r', { address: '10.213.7.1/24' }, { ns, address: '10.213.7.2/24' });
    // A TCP listener inside the namespace (plain node, no tsx: starts fast).
    server = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', "require('net').createServer((s) => s.destroy()).listen(7007, '10.213.7.2', () => console.log('ready'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.once('data', () => resolve());
      server!.once('exit', (code) => reject(new Error(`listener exited with ${code}`)));
    });
  });

  afterAll(async () => {
    server?.kill();
    if (server && server.exitCode === null) await once(server, 'exit');
    await lab.cleanup();
  });

  it('times connects to a listener behind a veth pair', async () => {
    const [fact] = await measureRtt([{ target: 'ns', host: '10.213.7.2', port: 7007 }], { samples: 5, timeoutMs: 1000, signal });
    expect(fact).toMatchObject({ failures: 0 });
    expect(fact!.samplesMs).toHaveLength(5);
  });

  it('a closed port in the namespace is refused at once', async () => {
    const [fact] = await measureRtt([{ target: 'ns', host: '10.213.7.2', port: 7008 }], { samples: 2, timeoutMs: 1000, signal });
    expect(fact).toMatchObject({ samplesMs: [], failures: 2 });
  });

  it('an address nobody answers for runs into the per-connect timeout', async () => {
    const warnings: string[] = [];
    const started = performance.now();
    const [fact] = await measureRtt([{ target: 'silent', host: '10.213.7.99', port: 443 }], { samples: 2, timeoutMs: 300, signal }, (m) => warnings.push(m));
    expect(fact).toMatchObject({ samplesMs: [], failures: 2 });
    expect(warnings.join()).toMatch(/no answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
