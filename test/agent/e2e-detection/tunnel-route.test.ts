// A VPN default route made for real: network namespaces with a kernel tun device (and a
// WireGuard link where the kernel has the module) carrying the default route, full or split
// OpenVPN-style (0.0.0.0/1 + 128.0.0.0/1), and the real agent CLI run inside each namespace.
// A control namespace whose default route leaves through a plain veth yields no VPN finding.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Report } from '../../../shared/index.js';
import type { Finding } from '../../../shared/index.js';
import { describeNetns, ip, NetnsLab } from '../probes/net/netns.js';

const run = promisify(execFile);
/** NetnsLab names are `fwt<pid mod 100000><suffix>`; this suite's suffixes start with `tun`. */
const OURS = /^fwt(\d+)tun\S*/;

/** Namespaces of this suite left by a run whose process is gone (a crash skips afterAll). */
async function removeLeftovers(): Promise<void> {
  const live = new Set((await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map((d) => String(Number(d) % 100_000)));
  for (const line of (await ip('netns', 'list')).split('\n')) {
    const match = OURS.exec(line.trim());
    if (match && !live.has(match[1]!)) await ip('netns', 'del', match[0]).catch(() => undefined);
  }
}

/** `farmwatch-agent scan --json` run inside the namespace: it sees only that namespace's links and routes. */
async function scanIn(ns: string, stateDir: string): Promise<Finding[]> {
  const { stdout } = await run('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', 'agent/cli.ts', '--state-dir', join(stateDir, ns), 'scan', '--json'], {
    env: { ...process.env, FARMWATCH_AGENT_LOG_LEVEL: 'warn' },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return Report.parse(JSON.parse(stdout)).findings;
}

const vpnFindings = (findings: Finding[]) => findings.filter((f) => f.category === 'vpn');
const defaultRoute = (findings: Finding[]) => findings.filter((f) => f.signal === 'vpn.default_route_tunnel');

describeNetns('VPN default route in real network namespaces', () => {
  const lab = new NetnsLab();
  let stateDir: string;

  /** A namespace with a persistent tun device `dev` (up, addressed) and these routes through it. */
  async function tunNamespace(suffix: string, dev: string, routes: string[]): Promise<string> {
    const ns = await lab.namespace(suffix);
    await ip('-n', ns, 'tuntap', 'add', 'dev', dev, 'mode', 'tun');
    await ip('-n', ns, 'addr', 'add', '10.8.0.2/24', 'dev', dev);
    await ip('-n', ns, 'link', 'set', dev, 'up');
    for (const destination of routes) await ip('-n', ns, 'route', 'add', destination, 'dev', dev);
    return ns;
  }

  beforeAll(async () => {
    await removeLeftovers();
    stateDir = await mkdtemp(join(tmpdir(), 'fw-tunnel-'));
  });

  afterAll(async () => {
    await lab.cleanup();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('finds a full default route through tun0, naming the interface', async () => {
    const ns = await tunNamespace('tunfull', 'tun0', ['default']);
    const [finding, ...rest] = defaultRoute(await scanIn(ns, stateDir));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'high', subject: 'tun0', evidence: { interface: 'tun0', kind: 'tunnel', driver: 'tun', routes: ['0.0.0.0/0'], split: false } });
  });

  it('finds the OpenVPN split default (0.0.0.0/1 + 128.0.0.0/1)', async () => {
    const ns = await tunNamespace('tunsplit', 'tun0', ['0.0.0.0/1', '128.0.0.0/1']);
    const [finding, ...rest] = defaultRoute(await scanIn(ns, stateDir));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ subject: 'tun0', evidence: { interface: 'tun0', routes: ['0.0.0.0/1', '128.0.0.0/1'], split: true } });
  });

  it('finds a tun device with an innocuous name by its kind, not its name', async () => {
    const ns = await tunNamespace('tunnamed', 'corplink', ['default']);
    const [finding] = defaultRoute(await scanIn(ns, stateDir));
    expect(finding).toMatchObject({ subject: 'corplink', evidence: { interface: 'corplink', kind: 'tunnel', routes: ['0.0.0.0/0'] } });
  });

  it('finds a default route through a WireGuard interface', async (context) => {
    const ns = await lab.namespace('tunwg');
    try {
      await ip('-n', ns, 'link', 'add', 'wg0', 'type', 'wireguard');
    } catch (error) {
      const reason = `this kernel cannot create WireGuard links (${String((error as { stderr?: string }).stderr ?? error).trim()})`;
      console.warn(`skipping the WireGuard case: ${reason}`);
      context.skip(reason);
    }
    await ip('-n', ns, 'addr', 'add', '10.9.0.2/24', 'dev', 'wg0');
    await ip('-n', ns, 'link', 'set', 'wg0', 'up');
    await ip('-n', ns, 'route', 'add', 'default', 'dev', 'wg0');
    const [finding] = defaultRoute(await scanIn(ns, stateDir));
    expect(finding).toMatchObject({ subject: 'wg0', evidence: { interface: 'wg0', routes: ['0.0.0.0/0'] } });
  });

  it('finds nothing when the default route leaves through a plain veth', async () => {
    const ns = await lab.namespace('tunctl');
    const peer = await lab.namespace('tunpeer');
    const { a } = await lab.link('ct', { ns, address: '10.7.0.2/24' }, { ns: peer, address: '10.7.0.1/24' });
    await ip('-n', ns, 'route', 'add', 'default', 'via', '10.7.0.1', 'dev', a);
    expect(await ip('-n', ns, 'route', 'show', 'default')).toContain(a);
    expect(vpnFindings(await scanIn(ns, stateDir))).toEqual([]);
  });
});
