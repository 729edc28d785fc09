// collectFacts() against this machine: a real process named AnyDesk (a copy of /bin/sleep) and a
// real listening socket must show up, and the result must satisfy the Facts schema.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, realpath, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFacts } from '../../../agent/probes/index.js';
import { FACT_PARTS } from '../../../agent/probes/probe-set.js';
import { Facts, type Facts as FactsType } from '../../../shared/schema/facts.js';

describe.runIf(process.platform === 'linux')('live scan of this machine', () => {
  let dir: string;
  let anyDeskPath: string;
  let anyDesk: ChildProcess;
  let server: Server;
  let listenPort: number;
  let facts: FactsType;
  let scanMs: number;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'farmwatch-probe-')));
    anyDeskPath = join(dir, 'AnyDesk');
    await copyFile('/bin/sleep', anyDeskPath);
    anyDesk = spawn(anyDeskPath, ['60'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => anyDesk.once('spawn', resolve).once('error', reject));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    listenPort = (server.address() as { port: number }).port;

    const started = performance.now();
    facts = await collectFacts();
    scanMs = performance.now() - started;
  });

  afterAll(async () => {
    anyDesk?.kill();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes Facts.parse with every probe reported and none failing', () => {
    expect(() => Facts.parse(facts)).not.toThrow();
    expect(facts.platform).toBe('linux');
    expect(facts.probes.map((p) => p.probe)).toEqual(Object.keys(FACT_PARTS));
    expect(facts.probes.filter((p) => !p.ok && !p.unsupported)).toEqual([]);
  });

  it('finds the copy of sleep named AnyDesk with its path and parent', () => {
    const found = facts.processes.find((p) => p.pid === anyDesk.pid);
    expect(found).toMatchObject({ pid: anyDesk.pid, name: 'AnyDesk', path: anyDeskPath, ppid: process.pid });
  });

  it('finds this test\'s listening socket and its owner', () => {
    const socket = facts.connections.find((c) => c.protocol === 'tcp' && c.localPort === listenPort);
    expect(socket).toMatchObject({ localAddress: '127.0.0.1', state: 'LISTEN', pid: process.pid });
    expect(socket?.processName).toBeTruthy();
  });

  it('reports loopback with its live IPv4 address and the host identity', () => {
    const lo = facts.interfaces.find((i) => i.kind === 'loopback');
    expect(lo?.ipv4).toContain('127.0.0.1');
    expect(facts.host.hostname.length).toBeGreaterThan(0);
    expect(facts.host.uptimeSec).toBeGreaterThan(0);
  });

  it('stays well under a few seconds', () => {
    expect(scanMs).toBeLessThan(3000);
  });

  it('runs the Windows probe set here too: PowerShell parts fail with the reason, portable parts fall back', async () => {
    const portable = await collectFacts({ platform: 'win32' });
    expect(() => Facts.parse(portable)).not.toThrow();
    expect(portable.platform).toBe('win32');
    expect(portable.processes.find((p) => p.pid === anyDesk.pid)).toMatchObject({ name: 'AnyDesk', path: anyDeskPath });
    expect(portable.interfaces.find((i) => i.kind === 'loopback')).toMatchObject({ up: true, ipv4: ['127.0.0.1'] });
    const health = Object.fromEntries(portable.probes.map((p) => [p.probe, p]));
    expect(health.usbDevices).toMatchObject({ ok: false, error: expect.stringMatching(/powershell/i) });
    expect([health.host?.ok, health.processes?.ok, health.interfaces?.ok]).toEqual([true, true, true]);
  });

  it('rejects a root prefix for a platform without /proc', async () => {
    await expect(collectFacts({ platform: 'darwin', root: '/tmp' })).rejects.toThrow(/root is a Linux/);
  });
});
