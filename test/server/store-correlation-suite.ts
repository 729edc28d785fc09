// The co-location part of the Store contract: per report, the facts the correlation needs. Each
// implementation calls runCorrelationStoreSuite from its own *.test.ts with a fresh, empty store.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import { toInventoryRecord } from '../../server/inventory/record.js';
import type { Egress } from '../../server/store/inventory-store.js';
import type { Store } from '../../server/store/store.js';
import { Report } from '../../shared/index.js';
import { finding, makeReport } from './fixtures.js';

const GW = 'a'.repeat(32);
const BSSID = 'b'.repeat(32);
const N1 = 'c'.repeat(32);
const N2 = 'd'.repeat(32);

const egress = (ip: string): Egress => ({
  ip, prefix64: null, country: 'US', city: 'Newark', latitude: 40.7, longitude: -74.2, asn: 7922,
  asOrganisation: 'Comcast Cable Communications, LLC', hosting: null, office: null,
});

export function runCorrelationStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (correlation facts): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function enrolled(serial: string, hostname: string) {
      const agentId = randomUUID();
      await store.createAgent({
        agentId, tokenHash: hashSecret(mintToken('agent')), hostname, platform: 'linux', agentVersion: '0.1.0',
        serial, hardwareUuid: null, enrolledAt: '2025-06-01T09:00:00.000Z',
      });
      return agentId;
    }

    async function report(agentId: string, receivedAt: string, extra: Record<string, unknown>, findings = [finding('remote_access.process_running', 'high')],
      host = { serial: 'SN-A', hostname: 'host-a' }, seen: Egress | null = null) {
      const base = makeReport(agentId, { ...host, findings });
      const body = Report.parse({ ...base, ...extra });
      const result = await store.recordReport({ report: body, receivedAt, decideAlerts, egress: seen });
      expect(result.outcome).toBe('stored');
      return body.reportId;
    }

    it('returns each device\'s latest report with network facts, enrolled LAN peers, findings, egress and employee', async () => {
      const a = await enrolled('SN-A', 'host-a');
      const b = await enrolled('SN-B', 'host-b');
      await store.importInventory([toInventoryRecord({ serial: 'SN-A', employeeId: 'E-1', employeeName: 'Ann', city: 'Austin', country: 'US', workMode: 'remote' }, '2025-06-01T08:00:00.000Z')], { replace: false });
      const stranger = randomUUID();
      const network = { ipv6Prefixes: ['2001:db8:1:2::/64'], neighbourMacHashes: [N1, N2], neighbourOuiCounts: {}, gatewayMacHash: GW, wifiBssidHash: BSSID };
      const lanPeers = [{ agentId: b, heardAt: '2025-06-01T10:00:00.000Z' }, { agentId: stranger, heardAt: '2025-06-01T10:00:00.000Z' }];
      await report(a, '2025-06-01T10:00:00.000Z', { network: { ...network, gatewayMacHash: 'e'.repeat(32) } });
      // An installed, idle tool does not matter to correlation: the facts leave it out.
      const latest = await report(a, '2025-06-01T11:00:00.000Z', { network, lanPeers },
        [finding('remote_access.installed', 'medium', 'TeamViewer'), finding('remote_access.process_running', 'high')], undefined, egress('198.51.100.7'));
      // Device b: a report with no egress recorded and no findings.
      const bReport = await report(b, '2025-06-01T10:30:00.000Z', {}, [], { serial: 'SN-B', hostname: 'host-b' });

      const facts = await store.latestCorrelationFacts();
      expect(facts.map((f) => f.reportId)).toEqual([bReport, latest]);
      expect(facts[1]).toEqual({
        seq: expect.any(Number), agentId: a, reportId: latest, receivedAt: '2025-06-01T11:00:00.000Z', hostname: 'host-a', serial: 'SN-A',
        network: { gatewayMacHash: GW, wifiBssidHash: BSSID, neighbourMacHashes: [N1, N2], ipv6Prefixes: ['2001:db8:1:2::/64'] },
        lanPeers: [b],
        findings: [{ signal: 'remote_access.process_running', category: 'remote_access', severity: 'high', subject: 'AnyDesk' }],
        egress: egress('198.51.100.7'),
        employee: { id: 'E-1', name: 'Ann' },
      });
      expect(facts[0]).toMatchObject({ agentId: b, lanPeers: [], findings: [], egress: null, employee: null,
        network: { neighbourMacHashes: [], ipv6Prefixes: [] } });
      expect(facts[0]!.network.gatewayMacHash).toBeUndefined();
    });

    it('numbers stored reports in order, lists their keys after a position or at positions, and fetches facts', async () => {
      const a = await enrolled('SN-A', 'host-a');
      const results = [];
      for (const at of ['2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z', '2025-06-01T09:00:00.000Z']) {
        const body = makeReport(a, { serial: 'SN-A', hostname: 'host-a', findings: [] });
        const result = await store.recordReport({ report: body, receivedAt: at, decideAlerts });
        results.push({ reportId: body.reportId, seq: result.outcome === 'stored' ? result.seq : -1 });
      }
      // Positions follow the order of storing, whatever the received times say.
      const [s1, s2, s3] = results.map((r) => r.seq) as [number, number, number];
      expect(s1).toBeGreaterThan(0);
      expect(s2).toBeGreaterThan(s1);
      expect(s3).toBeGreaterThan(s2);
      expect(await store.newestReportSeq()).toBe(s3);
      expect(await store.correlationKeysAfter(0, 10)).toEqual(results);
      expect(await store.correlationKeysAfter(s1, 1)).toEqual([results[1]]);
      expect(await store.correlationKeysAfter(s3, 10)).toEqual([]);
      expect(await store.correlationKeysAt([s3, s1, s3 + 1000])).toEqual([results[0], results[2]]);
      expect(await store.correlationKeysAt([])).toEqual([]);

      const facts = await store.correlationFactsOf([results[2]!.reportId, results[0]!.reportId]);
      expect(facts.map((f) => [f.seq, f.reportId])).toEqual([[s1, results[0]!.reportId], [s3, results[2]!.reportId]]);
      expect(await store.correlationFactsOf([])).toEqual([]);
      // The latest by received time, not by position.
      expect((await store.latestCorrelationFacts()).map((f) => f.reportId)).toEqual([results[1]!.reportId]);
    });

    it('keeps positions increasing after retention deleted every report', async () => {
      const a = await enrolled('SN-A', 'host-a');
      const first = await store.recordReport({ report: makeReport(a, { findings: [] }), receivedAt: '2025-06-01T10:00:00.000Z', decideAlerts });
      expect(await store.deleteReportsBefore('2026-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.newestReportSeq()).toBe(0);
      const second = await store.recordReport({ report: makeReport(a, { findings: [] }), receivedAt: '2026-06-01T10:00:00.000Z', decideAlerts });
      expect(first.outcome === 'stored' && second.outcome === 'stored' && second.seq > first.seq).toBe(true);
    });

    it('answers empty lists on an empty store', async () => {
      expect(await store.latestCorrelationFacts()).toEqual([]);
      expect(await store.newestReportSeq()).toBe(0);
      expect(await store.correlationKeysAfter(0, 10)).toEqual([]);
    });
  });
}
