// The collector issue's proof, end to end in a small world of Linux network namespaces: the real
// collector process on an "internet" bridge, home routers doing NAT (nft masquerade), the real
// agent CLI in one namespace per laptop (its own hostname and state dir; gateway MAC and
// neighbours from the namespace's real ARP table, LAN beacons on the shared bridge).
// - A farm: 4 laptops of 4 employees behind ONE router -> exactly one farm_suspected alert.
// - Two homes with one laptop each, and a declared office with 3 laptops -> no farm alert.
// - A "reshipped" laptop behind a wire that delays every frame, whose employee claims to work
//   next to the collector -> location_implausible.
// Addresses are in the benchmark range 198.18.0.0/15 (RFC 2544, for lab networks); the collector
// counts the NAT addresses as public egress only through FARMWATCH_CORRELATION_LAB_NETWORKS.
// Root only: in CI always, elsewhere skipped with the reason printed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, inNs, labUnavailable, removeLeftovers, type Host } from './farm-world/lab.js';

const SECRET = 'farm-world-enrol-secret-0123456789abcdef';
const ADMIN = `fwt_${'farmworldadmintoken'.padEnd(43, 'x')}`;
const COLLECTOR = '198.18.0.1';
const PORT = 8080;
const FRANKFURT = { latitude: 50.11, longitude: 8.68 };
const DELAY_MS = 150;

interface Alert { id: string; type: string; signal: string; agentId: string | null; agentIds: string[]; dedupKey: string; summary: string; reasons: string[]; evidence: { subject: string; evidence: Record<string, unknown> }[] }
interface Laptop extends Host { hostname: string; employee: string; stateDir: string; agentId?: string }

const unavailable = await labUnavailable();
const describeWorld = (name: string, body: () => void) => {
  if (unavailable === undefined) describe(name, body);
  else if (process.env.CI) describe(name, () => it('needs root, namespaces, nft, ping, python3 (required in CI)', () => { throw new Error(unavailable); }));
  else {
    console.warn(`skipping ${name}: ${unavailable}`);
    describe.skip(name, body);
  }
};

describeWorld('farm world in network namespaces', () => {
  const lab = new Lab();
  const root = mkdtempSync(join(tmpdir(), 'fw-farm-world-'));
  const laptops: Laptop[] = [];
  let url = '';
  let collectorLog: string[] = [];

  async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${ADMIN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** The real agent CLI inside the laptop's namespace, under its own hostname (UTS namespace). */
  function agent(laptop: Laptop, args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = lab.track(spawn('ip', ['netns', 'exec', laptop.ns, 'unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', laptop.hostname,
      process.execPath, '--import', 'tsx', 'agent/cli.ts', ...args], {
      env: { ...process.env, FARMWATCH_AGENT_STATE_DIR: laptop.stateDir, FARMWATCH_AGENT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    }));
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c));
    return once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
  }

  async function expectAll(runs: Promise<{ code: number | null; stderr: string }>[], what: string) {
    for (const [i, result] of (await Promise.all(runs)).entries()) expect(result.code, `${what} #${i}: ${result.stderr}`).toBe(0);
  }

  beforeAll(async () => {
    await removeLeftovers();
    const internet = await lab.namespace('inet');
    await lab.bridge(internet, `${COLLECTOR}/24`);
    await lab.uplink(internet, '198.18.0.2/24');

    // Homes: the farm (4 laptops, 4 employees), two single homes, an office, the reshipped laptop's home.
    const homes = [
      { id: 'farm', n: 1, laptops: 4 }, { id: 'home-a', n: 2, laptops: 1 }, { id: 'home-b', n: 3, laptops: 1 }, { id: 'office', n: 4, laptops: 3 },
    ];
    for (const home of homes) {
      const router = await lab.router(`r${home.n}`, internet, `198.18.0.${10 + home.n}/24`, `198.19.${home.n}.1/24`);
      for (let i = 1; i <= home.laptops; i++) {
        const host = await lab.laptop(`l${home.n}${i}`, router, `198.19.${home.n}.${10 + i}/24`, `198.19.${home.n}.1`);
        laptops.push({ ...host, hostname: `${home.id}-${i}`, employee: `E-${home.n}0${i}`, stateDir: mkdtempSync(join(root, `${home.id}-${i}-`)) });
      }
    }
    const reshipRouter = await lab.router('r5', internet, '198.18.0.15/24', '198.19.5.129/25');
    const reship = await lab.delayedLaptop('l51', reshipRouter, '198.19.5.1/25', '198.19.5.10/25', '198.19.5.1', DELAY_MS);
    laptops.push({ ...reship, hostname: 'reshipped-1', employee: 'E-501', stateDir: mkdtempSync(join(root, 'reshipped-1-')) });

    const collector = lab.track(spawn('ip', ['netns', 'exec', internet, process.execPath, '--import', 'tsx', 'server/cli.ts', 'start'], {
      env: {
        ...process.env, FARMWATCH_HOST: '0.0.0.0', FARMWATCH_PORT: String(PORT), FARMWATCH_DATA_DIR: join(root, 'collector'),
        FARMWATCH_ENROLL_SECRET: SECRET, FARMWATCH_ADMIN_TOKEN: ADMIN, FARMWATCH_TRUST_PROXY: 'false', FARMWATCH_LOG_LEVEL: 'warn',
        FARMWATCH_GEOIP_CITY_DB: 'off', FARMWATCH_GEOIP_ASN_DB: 'off', FARMWATCH_CORRELATION_LAB_NETWORKS: '198.18.0.0/24',
        FARMWATCH_CORRELATION_POLL_MS: '200', FARMWATCH_COLLECTOR_LOCATION: `${FRANKFURT.latitude},${FRANKFURT.longitude}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    collectorLog = [];
    collector.stderr!.on('data', (c: Buffer) => collectorLog.push(c.toString()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collector did not start:\n${collectorLog.join('')}`)), 30_000);
      collector.once('exit', (code) => reject(new Error(`collector exited ${code}:\n${collectorLog.join('')}`)));
      createInterface({ input: collector.stdout! }).on('line', (line) => {
        if (/listening on/.test(line)) {
          clearTimeout(timer);
          resolve(`http://${COLLECTOR}:${PORT}`);
        }
      });
    });

    // The organisation: beacons on, an anchor next to the collector, the inventory, the office network.
    await api('/api/v1/admin/policy', { method: 'PUT', body: {
      schemaVersion: 1,
      // Long enough for scans started together on a busy machine to overlap (a beacon heard is answered once).
      beacon: { enabled: true, listenMs: 10_000 },
      rtt: { anchors: [{ id: 'fra-edge', host: COLLECTOR, port: PORT, ...FRANKFURT }], samples: 3, timeoutMs: 3_000 },
    } });
    await api('/api/v1/inventory', { body: laptops.map((l) => ({
      hostname: l.hostname, employeeId: l.employee, employeeName: `Employee ${l.employee}`,
      city: 'Frankfurt', country: 'DE', workMode: l.hostname.startsWith('office') ? 'office' : 'remote',
      // Only the reshipped laptop's employee claims coordinates: the RTT verdict needs them.
      ...(l.hostname === 'reshipped-1' ? { latitude: 50.12, longitude: 8.69 } : {}),
    })) });
    await api('/api/v1/offices', { body: { name: 'Frankfurt office', egressCidrs: ['198.18.0.14/32'] } });
  }, 120_000);

  afterAll(async () => {
    await lab.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('enrols every laptop and delivers one scan each; the neighbour tables are real ARP entries', async () => {
    await expectAll(laptops.map((l) => agent(l, ['enroll', '--server', `http://${COLLECTOR}:${PORT}`, '--secret', SECRET])), 'enroll');
    // Laptops on one LAN talk to their router and to each other, as laptops at home do.
    await Promise.all(laptops.map(async (l) => {
      const lan = laptops.filter((o) => o !== l && o.address.split('.').slice(0, 3).join('.') === l.address.split('.').slice(0, 3).join('.'));
      const gateway = l.address.replace(/\.\d+$/, '.1');
      for (const target of [gateway, ...lan.map((o) => o.address)]) await inNs(l.ns, 'ping', '-c', '1', '-W', '2', target);
    }));
    expect(await inNs(laptops[0]!.ns, 'ip', 'neigh', 'show')).toMatch(/198\.19\.1\.1 .*lladdr/);
    // All at once: laptops of one LAN listen for each other's beacons while they scan.
    await expectAll(laptops.map((l) => agent(l, ['run', '--once'])), 'run --once');
    const devices = await api<{ devices: { agentId: string; hostname: string; egress: { ip: string } | null; inventory: { employeeId: string } | null }[] }>('/api/v1/devices');
    expect(devices.devices).toHaveLength(laptops.length);
    for (const l of laptops) {
      const device = devices.devices.find((d) => d.hostname === l.hostname);
      expect(device, l.hostname).toBeDefined();
      l.agentId = device!.agentId;
      expect(device!.inventory?.employeeId).toBe(l.employee);
    }
    // The collector sees each home's NAT address, not the laptops'.
    expect(devices.devices.find((d) => d.hostname === 'farm-1')!.egress?.ip).toBe('198.18.0.11');
    expect(devices.devices.find((d) => d.hostname === 'office-2')!.egress?.ip).toBe('198.18.0.14');
  }, 120_000);

  it('raises exactly one farm_suspected alert, for the farm, with its four devices and the evidence', async () => {
    const farm = laptops.filter((l) => l.hostname.startsWith('farm-'));
    let alerts: Alert[] = [];
    for (let i = 0; i < 100; i++) {
      alerts = (await api<{ alerts: Alert[] }>('/api/v1/alerts?type=farm_suspected')).alerts;
      if (alerts[0]?.agentIds.length === 4) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(alerts, collectorLog.join('')).toHaveLength(1);
    const [alert] = alerts;
    expect([...alert!.agentIds].sort()).toEqual(farm.map((l) => l.agentId).sort());
    expect(alert!.reasons[0]).toMatch(/^4 laptops assigned to 4 different employees share one home network \(same gateway MAC/);
    expect(alert!.signal).toBe('co_location.lan_peer');
    const summary = alert!.evidence[0]!.evidence;
    expect(summary.employees).toEqual(['E-101', 'E-102', 'E-103', 'E-104']);
    expect(summary.egressIps).toEqual(['198.18.0.11']);
    expect(summary.evidenceKinds).toEqual(['beacon', 'gateway', 'neighbours', 'ip']);
    expect(summary.sharedGatewayMacHashes).toEqual([expect.stringMatching(/^[0-9a-f]{32} \(4 devices\)$/)]);
    expect(alert!.evidence.slice(1).map((e) => e.subject).sort()).toEqual(['farm-1', 'farm-2', 'farm-3', 'farm-4']);

    const clusters = await api<{ clusters: { id: string; farmSuspected: boolean; devices: { hostname: string }[] }[]; total: number }>('/api/v1/clusters');
    expect(clusters.total).toBe(1);
    expect(clusters.clusters[0]!.devices.map((d) => d.hostname).sort()).toEqual(['farm-1', 'farm-2', 'farm-3', 'farm-4']);
    expect(alert!.dedupKey).toBe(`farm:${clusters.clusters[0]!.id}`);
    const detail = await api<{ cluster: { edges: { evidence: { kind: string }[] }[] } }>(`/api/v1/clusters/${encodeURIComponent(clusters.clusters[0]!.id)}`);
    expect(detail.cluster.edges).toHaveLength(6);
    // Every pair shares the router, most of the ARP table and the NAT address; beacons link them too
    // (a pair whose scans did not overlap on a very busy machine may lack only that).
    for (const edge of detail.cluster.edges) expect(edge.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['gateway', 'neighbours', 'ip']));
    expect(detail.cluster.edges.filter((e) => e.evidence.some((v) => v.kind === 'beacon')).length).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('raises location_implausible for the reshipped laptop, whose round trip does not fit its claimed city', async () => {
    const reshipped = laptops.find((l) => l.hostname === 'reshipped-1')!;
    const alerts = (await api<{ alerts: Alert[] }>(`/api/v1/alerts?type=location_implausible&agentId=${reshipped.agentId}`)).alerts;
    expect(alerts.map((a) => a.signal)).toContain('location.rtt_implausible');
    const others = (await api<{ alerts: Alert[] }>('/api/v1/alerts?type=location_implausible')).alerts.filter((a) => a.agentId !== reshipped.agentId);
    expect(others).toEqual([]);
    const rtt = alerts.find((a) => a.signal === 'location.rtt_implausible')!;
    const measured = /collector: (\d+(?:\.\d+)?) ms/.exec(JSON.stringify(rtt.evidence));
    expect(measured, JSON.stringify(rtt.evidence)).not.toBeNull();
    // The delayed wire holds the SYN and the SYN-ACK: the TCP connect takes at least both delays.
    expect(Number(measured![1])).toBeGreaterThanOrEqual(2 * DELAY_MS);
  });
});
