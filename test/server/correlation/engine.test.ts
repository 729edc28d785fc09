import { describe, expect, it } from 'vitest';
import { CorrelationEngine, ObservationError, SnapshotError } from '../../../server/correlation/index.js';
import { DAY, HOUR, T0, atHome, hash, observation } from './observations.js';

const KVM = { remoteControl: false, ipKvm: true, hostingAsn: false };

describe('CorrelationEngine: co-location', () => {
  it('puts a farm home (4 laptops, 4 employees, same egress, gateway and BSSID) in one suspected cluster with reasons', () => {
    const engine = new CorrelationEngine();
    const created: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const changes = engine.observe(atHome('farm', `dev-${i}`, `emp-${i}`, { observedAt: T0 + i * 60_000, ...(i <= 2 ? { deviceEvidence: KVM } : {}) }));
      created.push(...changes.created);
    }
    expect(created).toEqual(['cluster:dev-1']);
    const clusters = engine.clusters();
    expect(clusters).toHaveLength(1);
    const farm = clusters[0]!;
    expect(farm.members).toEqual(['dev-1', 'dev-2', 'dev-3', 'dev-4']);
    expect(farm.employees).toEqual(['emp-1', 'emp-2', 'emp-3', 'emp-4']);
    expect(farm.edges).toHaveLength(6);
    expect(farm.evidenceKinds).toEqual(['bssid', 'gateway', 'neighbours', 'ip']);
    expect(farm.ipKvmDevices).toBe(2);
    expect(farm.score.farmSuspected).toBe(true);
    expect(farm.score.reasons[0]).toBe(
      '4 laptops assigned to 4 different employees share one home network (same gateway MAC, same Wi-Fi BSSID, largely the same devices on the LAN, same public IP address)',
    );
    expect(farm.score.reasons).toContain('2 of them have an IP-KVM attached');
    expect(farm.score.breakdown.map((f) => f.factor)).toEqual(['co_location', 'employees', 'devices', 'remote_control']);
    expect(engine.clusterOf('dev-3')?.id).toBe(farm.id);
  });

  it('never links two devices of the same employee', () => {
    const engine = new CorrelationEngine();
    engine.observe(atHome('home', 'laptop', 'alice'));
    const changes = engine.observe(atHome('home', 'desktop', 'alice', { lanPeers: ['laptop'] }));
    expect(changes).toEqual({ created: [], changed: [], dissolved: [] });
    expect(engine.edgesOf('laptop')).toEqual([]);
    expect(engine.clusters()).toEqual([]);
  });

  it('links an unknown employee as a distinct person, at half strength', () => {
    const engine = new CorrelationEngine();
    engine.observe(atHome('home', 'a', 'alice'));
    engine.observe(atHome('home', 'b', null));
    const [edge] = engine.edgesOf('a');
    expect(edge).toMatchObject({ a: 'a', b: 'b', employeesKnown: false });
    const known = new CorrelationEngine();
    known.observe(atHome('home', 'a', 'alice'));
    known.observe(atHome('home', 'b', 'bob'));
    expect(edge!.strength).toBeCloseTo(known.edgesOf('a')[0]!.strength / 2, 2);
    expect(engine.clusterOf('a')!.score.reasons).toContain('1 laptop has no known employee: counted as a distinct person, at half weight');
  });

  it('drops the edge when an unknown employee turns out to be the same person', () => {
    const engine = new CorrelationEngine();
    engine.observe(atHome('home', 'a', 'alice'));
    engine.observe(atHome('home', 'b', null));
    const id = engine.clusterOf('a')!.id;
    const changes = engine.observe(atHome('home', 'b', 'alice', { observedAt: T0 + HOUR }));
    expect(changes.dissolved).toEqual([{ id, reason: 'emptied' }]);
    expect(engine.edgesOf('a')).toEqual([]);
  });

  it('creates no edge from office observations but keeps their facts for later', () => {
    const engine = new CorrelationEngine();
    engine.observe(atHome('hq', 'a', 'alice', { officeNetwork: true }));
    const changes = engine.observe(atHome('hq', 'b', 'bob', { officeNetwork: true, lanPeers: ['a'] }));
    expect(changes.created).toEqual([]);
    // A home observation with the office's identifiers still meets no office device in the index.
    engine.observe(atHome('hq', 'c', 'carol', { lanPeers: ['a'] }));
    expect(engine.edgesOf('c')).toEqual([]);
    expect(engine.stats().devices).toBe(3);
  });

  it('links by neighbour-set overlap at or above the Jaccard threshold, not below', () => {
    const shared = ['n1', 'n2', 'n3', 'n4'].map(hash);
    const engine = new CorrelationEngine({ jaccardThreshold: 0.5 });
    // |A ∩ B| = 4, |A ∪ B| = 6: 0.667.
    engine.observe(observation('a', 'alice', { neighbourMacHashes: [...shared, hash('a-only')] }));
    engine.observe(observation('b', 'bob', { neighbourMacHashes: [...shared, hash('b-only')] }));
    expect(engine.edgesOf('a')).toMatchObject([{ a: 'a', b: 'b', evidence: [{ kind: 'neighbours', jaccard: 0.667 }] }]);
    // |A ∩ C| = 2, |A ∪ C| = 7: 0.286.
    engine.observe(observation('c', 'carol', { neighbourMacHashes: [shared[0]!, shared[1]!, hash('c1'), hash('c2')] }));
    expect(engine.edgesOf('c')).toEqual([]);
  });

  it('ignores neighbour sets below the minimum size', () => {
    const engine = new CorrelationEngine({ minNeighbourSetSize: 3 });
    engine.observe(observation('a', 'alice', { neighbourMacHashes: [hash('x'), hash('y')] }));
    engine.observe(observation('b', 'bob', { neighbourMacHashes: [hash('x'), hash('y')] }));
    expect(engine.edgesOf('a')).toEqual([]);
  });

  it('links on a beacon sighting alone, in either direction, as the strongest evidence', () => {
    const engine = new CorrelationEngine();
    engine.observe(observation('a', 'alice', { egressIp: '203.0.113.1' }));
    engine.observe(observation('b', 'bob', { egressIp: '203.0.113.2', lanPeers: ['a'] }));
    const [edge] = engine.edgesOf('a');
    expect(edge).toMatchObject({ a: 'a', b: 'b', strength: 1, evidence: [{ kind: 'beacon', heardBy: ['b'] }] });
    engine.observe(observation('a', 'alice', { observedAt: T0 + HOUR, lanPeers: ['b'] }));
    expect(engine.edgesOf('a')[0]!.evidence[0]!.heardBy).toEqual(['a', 'b']);
    expect(engine.clusterOf('b')!.score.reasons[0]).toContain('they hear each other\'s LAN beacons');
  });

  it('records a sighting of a device that has not reported yet, and checks its employee when it does', () => {
    const engine = new CorrelationEngine();
    engine.observe(observation('a', 'alice', { lanPeers: ['ghost'] }));
    expect(engine.edgesOf('ghost')).toHaveLength(1);
    engine.observe(observation('ghost', 'alice', { observedAt: T0 + 1 }));
    expect(engine.edgesOf('ghost')).toEqual([]);
  });

  it('reduces IPv6 egress to its /64 and counts laptop IPv6 prefixes', () => {
    const engine = new CorrelationEngine();
    engine.observe(observation('a', 'alice', { egressIp: '2001:db8:1:2::10' }));
    engine.observe(observation('b', 'bob', { egressIp: '2001:db8:1:2:aaaa:bbbb:cccc:dddd' }));
    engine.observe(observation('c', 'carol', { ipv6Prefixes: ['2001:db8:1:2::/64'] }));
    engine.observe(observation('d', 'dave', { egressIp: '2001:db8:1:3::10' }));
    expect(engine.clusterOf('a')!.members).toEqual(['a', 'b', 'c']);
    expect(engine.clusterOf('d')).toBeUndefined();
  });

  it('weakens a shared hosting/VPN exit and says so', () => {
    const engine = new CorrelationEngine();
    const vpn = { remoteControl: false, ipKvm: false, hostingAsn: true };
    engine.observe(observation('a', 'alice', { egressIp: '192.0.2.50', deviceEvidence: vpn }));
    engine.observe(observation('b', 'bob', { egressIp: '192.0.2.50', deviceEvidence: vpn }));
    const cluster = engine.clusterOf('a')!;
    expect(cluster.edges[0]).toMatchObject({ strength: 0.1, evidence: [{ kind: 'ip', hosting: true }] });
    expect(cluster.score.reasons).toContain('the shared public IP belongs to a hosting or VPN provider, which unrelated people share: weaker evidence');
    expect(cluster.score.farmSuspected).toBe(false);
  });

  it('treats an egress shared by 500 devices of 500 employees (CGNAT) as no evidence', () => {
    const engine = new CorrelationEngine();
    for (let i = 0; i < 500; i++) {
      engine.observe(observation(`dev-${i}`, `emp-${i}`, { observedAt: T0 + i, egressIp: '100.64.0.1', gatewayMacHash: hash(`home-${i}`) }));
    }
    expect(engine.clusters()).toEqual([]);
    expect(engine.stats()).toMatchObject({ edges: 0, crowdedIdentifiers: 1 });
  });

  it('withdraws the evidence of an identifier once it becomes crowded, dissolving what it alone held together', () => {
    const engine = new CorrelationEngine({ crowding: { ip: { devices: 3, employees: 2 } } });
    for (let i = 0; i < 3; i++) engine.observe(observation(`d${i}`, `e${i}`, { egressIp: '198.51.100.20' }));
    const id = engine.clusterOf('d0')!.id;
    expect(engine.cluster(id)!.members).toEqual(['d0', 'd1', 'd2']);
    const changes = engine.observe(observation('d3', 'e3', { egressIp: '198.51.100.20' }));
    expect(changes).toEqual({ created: [], changed: [], dissolved: [{ id, reason: 'emptied' }] });
    expect(engine.stats()).toMatchObject({ edges: 0, crowdedIdentifiers: 1 });
    // One device leaves: the address is a household again and counts on the next reports.
    engine.observe(observation('d3', 'e3', { observedAt: T0 + 1, egressIp: '203.0.113.200' }));
    expect(engine.stats().crowdedIdentifiers).toBe(0);
    engine.observe(observation('d0', 'e0', { observedAt: T0 + 2, egressIp: '198.51.100.20' }));
    expect(engine.clusterOf('d0')!.members).toEqual(['d0', 'd1', 'd2']);
  });

  it('keeps a farm behind CGNAT: the crowded egress drops out, the shared router stays', () => {
    const engine = new CorrelationEngine();
    for (let i = 0; i < 100; i++) engine.observe(observation(`dev-${i}`, `emp-${i}`, { egressIp: '100.64.0.1' }));
    for (let i = 0; i < 3; i++) engine.observe(atHome('farm', `farm-${i}`, `f-${i}`, { egressIp: '100.64.0.1' }));
    expect(engine.clusters().map((c) => [c.members, c.evidenceKinds])).toEqual([
      [['farm-0', 'farm-1', 'farm-2'], ['bssid', 'gateway', 'neighbours']],
    ]);
  });
});

describe('CorrelationEngine: clusters over time', () => {
  it('merges two clusters when a new edge joins them; the larger keeps its id', () => {
    const engine = new CorrelationEngine();
    for (const [d, e] of [['a1', 'ea1'], ['a2', 'ea2'], ['a3', 'ea3']]) engine.observe(atHome('home-a', d!, e!));
    for (const [d, e] of [['b1', 'eb1'], ['b2', 'eb2']]) engine.observe(atHome('home-b', d!, e!));
    const a = engine.clusterOf('a1')!.id;
    const b = engine.clusterOf('b1')!.id;
    expect(a).not.toBe(b);
    const changes = engine.observe(atHome('home-b', 'b2', 'eb2', { observedAt: T0 + HOUR, lanPeers: ['a1'] }));
    expect(changes).toEqual({ created: [], changed: [a], dissolved: [{ id: b, reason: 'merged', into: a }] });
    expect(engine.cluster(a)!.members).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    expect(engine.cluster(b)).toBeUndefined();
  });

  it('splits a cluster when the bridging evidence expires, recomputing only that component', () => {
    const engine = new CorrelationEngine({ windowsMs: { beacon: 2 * DAY, gateway: 7 * DAY, bssid: 7 * DAY, neighbours: 7 * DAY } });
    // Two homes of three, bridged by one beacon sighting on day 0; a separate home elsewhere.
    for (let i = 0; i < 3; i++) engine.observe(atHome('home-a', `a${i}`, `ea${i}`));
    for (let i = 0; i < 3; i++) engine.observe(atHome('home-b', `b${i}`, `eb${i}`, { lanPeers: i === 0 ? ['a0'] : [] }));
    for (let i = 0; i < 4; i++) engine.observe(atHome('home-c', `c${i}`, `ec${i}`));
    const bridged = engine.clusterOf('a0')!.id;
    expect(engine.cluster(bridged)!.members).toHaveLength(6);
    const before = engine.stats();

    // Day 3: the homes keep reporting (their own evidence is refreshed); the beacon is not heard
    // again, so it expires on a0's next observation (lazily) and the sweep finds nothing more to split.
    const later = T0 + 3 * DAY;
    const created: string[] = [];
    const dissolved: unknown[] = [];
    const collect = (c: { created: string[]; dissolved: unknown[] }) => {
      created.push(...c.created);
      dissolved.push(...c.dissolved);
    };
    for (let i = 0; i < 3; i++) collect(engine.observe(atHome('home-a', `a${i}`, `ea${i}`, { observedAt: later })));
    for (let i = 0; i < 3; i++) collect(engine.observe(atHome('home-b', `b${i}`, `eb${i}`, { observedAt: later })));
    collect(engine.sweep(later + 1));
    const after = engine.stats();

    expect(engine.clusterOf('a0')!.members).toEqual(['a0', 'a1', 'a2']);
    expect(engine.clusterOf('b0')!.members).toEqual(['b0', 'b1', 'b2']);
    const ids = [engine.clusterOf('a0')!.id, engine.clusterOf('b0')!.id];
    expect(ids).toContain(bridged);
    expect(created).toEqual(ids.filter((id) => id !== bridged));
    expect(dissolved).toEqual([]);
    // Only the six nodes of the bridged component were visited, never home-c's four.
    expect(after.componentRecomputes - before.componentRecomputes).toBe(1);
    expect(after.componentNodesVisited - before.componentNodesVisited).toBe(6);
    expect(engine.clusterOf('c0')!.members).toHaveLength(4);
  });

  it('expires IP evidence after its window and dissolves a cluster lazily, on the next observation', () => {
    const engine = new CorrelationEngine();
    engine.observe(observation('a', 'alice', { egressIp: '203.0.113.9' }));
    engine.observe(observation('b', 'bob', { egressIp: '203.0.113.9' }));
    const id = engine.clusterOf('a')!.id;
    expect(engine.edgesOf('a')[0]!.evidence[0]!.expiresAt).toBe(T0 + DAY);
    const changes = engine.observe(observation('a', 'alice', { observedAt: T0 + DAY + 1, egressIp: '203.0.113.77' }));
    expect(changes.dissolved).toEqual([{ id, reason: 'emptied' }]);
    expect(engine.clusters()).toEqual([]);
  });

  it('does not link observations farther apart than the window', () => {
    const engine = new CorrelationEngine();
    engine.observe(observation('a', 'alice', { egressIp: '203.0.113.9' }));
    engine.observe(observation('b', 'bob', { observedAt: T0 + 2 * DAY, egressIp: '203.0.113.9' }));
    expect(engine.edgesOf('a')).toEqual([]);
  });

  it('ignores an observation older than the device\'s latest', () => {
    const engine = new CorrelationEngine();
    engine.observe(observation('a', 'alice', { observedAt: T0 + HOUR, egressIp: '203.0.113.9' }));
    engine.observe(observation('a', 'alice', { observedAt: T0, egressIp: '203.0.113.10' }));
    engine.observe(observation('b', 'bob', { observedAt: T0 + HOUR, egressIp: '203.0.113.9' }));
    expect(engine.edgesOf('a')).toHaveLength(1);
    expect(engine.stats().staleObservationsIgnored).toBe(1);
  });

  it('reports a changed cluster when a member\'s own evidence changes, and rescores it', () => {
    const engine = new CorrelationEngine();
    for (let i = 0; i < 3; i++) engine.observe(atHome('farm', `d${i}`, `e${i}`));
    const before = engine.clusterOf('d0')!;
    const changes = engine.observe(atHome('farm', 'd0', 'e0', { observedAt: T0 + HOUR, deviceEvidence: KVM }));
    expect(changes.changed).toEqual([before.id]);
    expect(engine.clusterOf('d0')!.score.score).toBeGreaterThan(before.score.score);
    // A refresh with nothing new is not a change.
    expect(engine.observe(atHome('farm', 'd0', 'e0', { observedAt: T0 + 2 * HOUR, deviceEvidence: KVM }))).toEqual({ created: [], changed: [], dissolved: [] });
  });

  it('forgets a device with its edges', () => {
    const engine = new CorrelationEngine();
    engine.observe(atHome('home', 'a', 'alice'));
    engine.observe(atHome('home', 'b', 'bob'));
    const id = engine.clusterOf('a')!.id;
    expect(engine.forget('b')).toEqual({ created: [], changed: [], dissolved: [{ id, reason: 'emptied' }] });
    expect(engine.stats()).toMatchObject({ devices: 1, edges: 0, clusters: 0 });
  });
});

describe('CorrelationEngine: snapshot and input', () => {
  it('restores the same clusters, ids and edges from a snapshot (through JSON), and keeps correlating', () => {
    const engine = new CorrelationEngine();
    for (let i = 0; i < 4; i++) engine.observe(atHome('farm', `f${i}`, `e${i}`, i === 0 ? { deviceEvidence: KVM } : {}));
    engine.observe(atHome('other', 'x', 'ex', { lanPeers: ['y'] }));
    const restored = CorrelationEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())));
    expect(restored.clusters()).toEqual(engine.clusters());
    expect(restored.snapshot()).toEqual(engine.snapshot());
    const changes = restored.observe(atHome('farm', 'f4', 'e4', { observedAt: T0 + HOUR }));
    expect(changes.changed).toEqual([engine.clusterOf('f0')!.id]);
    expect(restored.clusterOf('f4')!.members).toHaveLength(5);
  });

  it('refuses a broken snapshot with a message naming the problem', () => {
    expect(() => CorrelationEngine.restore({ version: 2 })).toThrow(SnapshotError);
    const snapshot = new CorrelationEngine().snapshot();
    snapshot.edges.push({ a: 'a', b: 'b', evidence: [{ kind: 'ip', firstSeen: 0, lastSeen: 0 }] });
    expect(() => CorrelationEngine.restore(snapshot)).toThrow(/names an unknown device/);
  });

  it('refuses a bad observation, naming the field, and changes nothing', () => {
    const engine = new CorrelationEngine();
    expect(() => engine.observe(observation('a', 'alice', { egressIp: '999.1.1.1' }))).toThrow(ObservationError);
    expect(() => engine.observe(observation('a', 'alice', { egressIp: '999.1.1.1' }))).toThrow(/observation\.egressIp: not an IP address/);
    expect(() => engine.observe({ ...observation('a', 'alice'), observedAt: Number.NaN })).toThrow(/observation\.observedAt/);
    expect(() => engine.observe({ ...observation('', 'alice') })).toThrow(/observation\.deviceId/);
    expect(engine.stats()).toMatchObject({ devices: 0, observations: 0 });
  });

  it('refuses bad options', () => {
    expect(() => new CorrelationEngine({ jaccardThreshold: 1.5 })).toThrow(/jaccardThreshold/);
    expect(() => new CorrelationEngine({ windowsMs: { ip: -1 } })).toThrow(/windowsMs.ip/);
  });
});
