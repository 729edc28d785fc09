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
      host = { serial: 'SN-A', hostname: 'host-a' }) {
      const base = makeReport(agentId, { ...host, findings });
      const body = Report.parse({ ...base, ...extra });
      const result = await store.recordReport({ report: body, receivedAt, decideAlerts });
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
      const latest = await report(a, '2025-06-01T11:00:00.000Z', { network, lanPeers });
      await store.recordEgress(a, latest, egress('198.51.100.7'), '2025-06-01T11:00:00.000Z');
      // Device b: a report with no egress recorded and no findings.
      const bReport = await report(b, '2025-06-01T10:30:00.000Z', {}, [], { serial: 'SN-B', hostname: 'host-b' });

      const facts = await store.latestCorrelationFacts();
      expect(facts.map((f) => f.reportId)).toEqual([bReport, latest]);
      expect(facts[1]).toEqual({
        agentId: a, reportId: latest, receivedAt: '2025-06-01T11:00:00.000Z', hostname: 'host-a', serial: 'SN-A',
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

    it('pages reports after a cursor in received order, ties broken by report id', async () => {
      const a = await enrolled('SN-A', 'host-a');
      const ids: string[] = [];
      for (const at of ['2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z', '2025-06-01T10:00:01.000Z']) ids.push(await report(a, at, {}, []));
      const sameInstant = ids.slice(0, 2).sort();
      const all = await store.correlationFactsAfter({ receivedAt: '1970-01-01T00:00:00.000Z', reportId: '' }, 10);
      expect(all.map((f) => f.reportId)).toEqual([...sameInstant, ids[2]]);
      const afterFirst = await store.correlationFactsAfter({ receivedAt: '2025-06-01T10:00:00.000Z', reportId: sameInstant[0]! }, 1);
      expect(afterFirst.map((f) => f.reportId)).toEqual([sameInstant[1]]);
      expect(await store.correlationFactsAfter({ receivedAt: '2025-06-01T10:00:01.000Z', reportId: ids[2]! }, 10)).toEqual([]);
      expect(await store.latestCorrelationFacts()).toHaveLength(1);
    });

    it('lists only the keys after a cursor, and fetches full facts of chosen reports', async () => {
      const a = await enrolled('SN-A', 'host-a');
      const ids: string[] = [];
      for (const at of ['2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z', '2025-06-01T10:00:01.000Z']) ids.push(await report(a, at, {}, []));
      const sameInstant = ids.slice(0, 2).sort();
      const keys = await store.correlationKeysAfter({ receivedAt: '1970-01-01T00:00:00.000Z', reportId: '' }, 10);
      expect(keys.map((k) => k.reportId)).toEqual([...sameInstant, ids[2]]);
      expect(keys.every((k) => typeof k.hasEgress === 'boolean')).toBe(true);
      expect((await store.correlationKeysAfter({ receivedAt: '2025-06-01T10:00:00.000Z', reportId: sameInstant[0]! }, 1)).map((k) => k.reportId)).toEqual([sameInstant[1]]);
      const full = await store.correlationFactsAfter({ receivedAt: '1970-01-01T00:00:00.000Z', reportId: '' }, 10);
      expect(await store.correlationFactsOf([ids[2]!, sameInstant[0]!])).toEqual([full[0], full[2]]);
      expect(await store.correlationFactsOf([])).toEqual([]);
    });

    it('answers empty lists on an empty store', async () => {
      expect(await store.latestCorrelationFacts()).toEqual([]);
      expect(await store.correlationKeysAfter({ receivedAt: '1970-01-01T00:00:00.000Z', reportId: '' }, 10)).toEqual([]);
      expect(await store.correlationFactsAfter({ receivedAt: '1970-01-01T00:00:00.000Z', reportId: '' }, 10)).toEqual([]);
    });
  });
}
