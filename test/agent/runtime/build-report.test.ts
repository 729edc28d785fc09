import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Report, type Finding } from '../../../shared/index.js';
import { buildReport } from '../../../agent/report/build-report.js';
import { formatIpv6, parseIpv6, prefix64 } from '../../../agent/report/ipv6.js';
import { hashMac, keyedHash, normaliseMac } from '../../../agent/report/keyed-hash.js';
import { AGENT_ID, ORG_KEY, loadFixtureFacts } from './helpers.js';

const meta = {
  agentId: AGENT_ID,
  orgKey: ORG_KEY,
  agentVersion: '0.1.0',
  startedAt: new Date('2025-06-02T09:15:00.000Z'),
  finishedAt: new Date('2025-06-02T09:15:01.250Z'),
  spoolEvicted: 0,
};

const finding: Finding = {
  signal: 'remote_access.process_running',
  category: 'remote_access',
  severity: 'high',
  subject: 'AnyDesk',
  summary: 'AnyDesk is running.',
  evidence: { pid: 2310 },
};

/** What the collector side would compute: HMAC-SHA256 keyed with the org key bytes, 32 hex. */
const expectedHash = (key: string, mac: string) => createHmac('sha256', Buffer.from(key, 'hex')).update(mac).digest('hex').slice(0, 32);

describe('buildReport', () => {
  it('builds a valid report with host, findings, probes and timing', async () => {
    const facts = await loadFixtureFacts();
    const report = buildReport(facts, [finding], meta);
    expect(Report.parse(report)).toEqual(report);
    expect(report.agentId).toBe(AGENT_ID);
    expect(report.reportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.scan).toEqual({ startedAt: '2025-06-02T09:15:00.000Z', finishedAt: '2025-06-02T09:15:01.250Z', durationMs: 1250 });
    expect(report.host).toMatchObject({ hostname: 'laptop-0042', platform: 'linux', serial: 'PF3ABCDE', timezone: 'America/Chicago' });
    expect(report.findings).toEqual([finding]);
    expect(report.probes).toEqual(facts.probes);
    expect(report.spoolEvicted).toBe(0);
    expect(buildReport(facts, [], meta).reportId).not.toBe(report.reportId);
  });

  it('summarises the network with HMACs of the org key and no raw MAC', async () => {
    const facts = await loadFixtureFacts();
    const { network } = buildReport(facts, [], meta);
    expect(network.defaultInterface).toBe('wlp0s20f3');
    expect(network.defaultInterfaceKind).toBe('wifi');
    expect(network.gatewayIp).toBe('192.168.1.1');
    expect(network.gatewayMacHash).toBe(expectedHash(ORG_KEY, 'a4:2b:b0:11:22:33'));
    // Unique unicast neighbours; broadcast dropped, the gateway counted once.
    const unicast = ['a4:2b:b0:11:22:33', 'a4:2b:b0:44:55:66', 'b8:27:eb:aa:bb:cc', '3c:22:fb:01:02:03', '02:42:ac:11:00:02'];
    expect(network.neighbourMacHashes).toEqual(unicast.map((m) => expectedHash(ORG_KEY, m)).sort());
    // Vendor prefixes in the clear, locally administered (random, container) ones left out.
    expect(network.neighbourOuiCounts).toEqual({ '3c:22:fb': 1, 'a4:2b:b0': 2, 'b8:27:eb': 1 });
    expect(network.ipv6Prefixes).toEqual(['2001:db8:4a1:7700::/64']);

    const json = JSON.stringify(buildReport(facts, [finding], meta));
    expect(json).not.toMatch(/[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}/i);
    for (const n of facts.neighbours) expect(json.toLowerCase()).not.toContain(n.mac.replace(/:/g, ''));
  });

  it('is deterministic for one key and different for another', async () => {
    const facts = await loadFixtureFacts();
    const a = buildReport(facts, [], meta).network;
    const b = buildReport(facts, [], { ...meta, startedAt: new Date(), finishedAt: new Date() }).network;
    const other = buildReport(facts, [], { ...meta, orgKey: 'ab'.repeat(32) }).network;
    expect(b).toEqual(a);
    expect(other.gatewayMacHash).not.toBe(a.gatewayMacHash);
    expect(other.neighbourOuiCounts).toEqual(a.neighbourOuiCounts);
  });

  it('carries spool evictions as a count and an agent_health finding', async () => {
    const facts = await loadFixtureFacts();
    const report = buildReport(facts, [finding], { ...meta, spoolEvicted: 3 });
    expect(report.spoolEvicted).toBe(3);
    expect(report.findings).toHaveLength(2);
    expect(report.findings[1]).toMatchObject({ signal: 'agent_health.spool_evicted', category: 'agent_health', severity: 'medium', evidence: { evicted: 3 } });
  });

  it('copes with facts that have no default route or neighbours', async () => {
    const facts = { ...(await loadFixtureFacts()), routes: [], neighbours: [], interfaces: [] };
    const { network } = buildReport(facts, [], meta);
    expect(network).toEqual({ ipv6Prefixes: [], dnsServers: [], neighbourMacHashes: [], neighbourOuiCounts: {} });
  });
});

describe('keyed hash', () => {
  it('normalises MAC notations before hashing', () => {
    expect(normaliseMac('A4-2B-B0-11-22-33')).toBe('a4:2b:b0:11:22:33');
    expect(normaliseMac('a42b.b011.2233')).toBe('a4:2b:b0:11:22:33');
    expect(hashMac(ORG_KEY, 'A4:2B:B0:11:22:33')).toBe(hashMac(ORG_KEY, 'a4:2b:b0:11:22:33'));
    expect(() => normaliseMac('a4:2b:b0:11:22')).toThrow(/not a MAC/);
    expect(keyedHash(ORG_KEY, 'x')).toMatch(/^[0-9a-f]{32}$/);
    expect(() => keyedHash('not-a-key', 'x')).toThrow(/organisation key/);
  });
});

describe('ipv6 prefixes', () => {
  it('parses and prints addresses in RFC 5952 form', () => {
    expect(formatIpv6(parseIpv6('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    expect(formatIpv6(parseIpv6('::ffff:192.0.2.1')!)).toBe('::ffff:c000:201');
    expect(prefix64(parseIpv6('2001:db8:0:1:2:3:4:5%wlan0')!)).toBe('2001:db8:0:1::/64');
    expect(prefix64(parseIpv6('2001:db8::5/64')!)).toBe('2001:db8::/64');
    expect(parseIpv6('2001:db8::1::2')).toBeUndefined();
    expect(parseIpv6('192.168.1.1')).toBeUndefined();
  });
});
