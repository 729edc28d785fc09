// scripts/record-linux-fixture.ts on this machine: replaying its recording through `root` gives
// what a live scan sees (for the parts that cannot change within a second).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFacts } from '../../../agent/probes/index.js';
import { Facts } from '../../../shared/schema/facts.js';

const RECORDER = fileURLToPath(new URL('../../../scripts/record-linux-fixture.ts', import.meta.url));
const run = promisify(execFile);

describe.runIf(process.platform === 'linux')('record-linux-fixture', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('records a tree that replays like the live system', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'farmwatch-record-'));
    dirs.push(parent);
    const out = join(parent, 'this-machine');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', RECORDER, out], { timeout: 20_000 });
    const recorderPid = Number(/recorder pid (\d+)/.exec(stdout)?.[1]);
    const tcpPort = Number(/loopback tcp port (\d+)/.exec(stdout)?.[1]);

    const [replayed, live] = await Promise.all([collectFacts({ root: out }), collectFacts()]);
    expect(() => Facts.parse(replayed)).not.toThrow();
    expect(replayed.probes.filter((p) => !p.ok && !p.unsupported)).toEqual([]);
    expect(replayed.host.hostname).toBe(live.host.hostname);
    expect(replayed.host.osRelease).toBe(live.host.osRelease);
    const withoutIpv4 = (facts: typeof live) => facts.interfaces.map((i) => ({ ...i, ipv4: [] }));
    expect(withoutIpv4(replayed)).toEqual(withoutIpv4(live));
    expect(replayed.routes).toEqual(live.routes);
    expect(replayed.usbDevices).toEqual(live.usbDevices);
    expect(replayed.displays).toEqual(live.displays);
    expect(replayed.processes.map((p) => p.pid)).toContain(recorderPid);
    expect(replayed.connections.find((c) => c.localPort === tcpPort && c.protocol === 'tcp')).toMatchObject({ state: 'LISTEN', pid: recorderPid });
  });

  it('refuses to overwrite an existing directory', async () => {
    const existing = await mkdtemp(join(tmpdir(), 'farmwatch-record-'));
    dirs.push(existing);
    await expect(run(process.execPath, ['--import', 'tsx', RECORDER, existing], { timeout: 20_000 })).rejects.toMatchObject({
      code: 2, stderr: expect.stringContaining('already exists'),
    });
  });
});
