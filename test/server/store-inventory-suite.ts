// The inventory, office and egress part of the Store contract. Each implementation calls
// runInventoryStoreSuite from its own *.test.ts with a factory for a fresh, empty store.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import { toInventoryRecord, type InventoryRecordInput } from '../../server/inventory/record.js';
import type { Egress } from '../../server/store/inventory-store.js';
import type { Store } from '../../server/store/store.js';
import { makeReport } from './fixtures.js';

const T1 = '2025-06-01T10:00:00.000Z';
const T2 = '2025-06-01T14:00:00.000Z';
const T3 = '2025-06-01T18:00:00.000Z';

const record = (overrides: Partial<InventoryRecordInput>, at = T1) => toInventoryRecord({
  employeeId: 'E-1', employeeName: 'Ann Example', city: 'New York', country: 'US', workMode: 'remote', ...overrides,
}, at);

const egress = (ip: string, overrides: Partial<Egress> = {}): Egress => ({
  ip, prefix64: null, country: 'US', city: 'Ashburn', latitude: 39.04, longitude: -77.49, asn: 16509,
  asOrganisation: 'Amazon.com, Inc.', hosting: { provider: 'Amazon Web Services', kind: 'hosting' }, office: null, ...overrides,
});

export function runInventoryStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (inventory, offices, egress): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function enrolled(serial: string | null, hostname: string) {
      const agentId = randomUUID();
      await store.createAgent({
        agentId, tokenHash: hashSecret(mintToken('agent')), hostname, platform: 'linux', agentVersion: '0.1.0',
        serial, hardwareUuid: null, enrolledAt: '2025-06-01T09:00:00.000Z',
      });
      return agentId;
    }

    it('imports, upserts by key and pages the inventory', async () => {
      const first = await store.importInventory([
        record({ serial: 'SN-1', employeeId: 'E-2' }),
        record({ hostname: 'Laptop-9', employeeId: 'E-1', latitude: 52.52, longitude: 13.405, city: 'Berlin', country: 'DE', workMode: 'office' }),
      ], { replace: false });
      expect(first).toEqual({ inserted: 2, updated: 0, removed: 0, total: 2 });

      const second = await store.importInventory([
        record({ serial: 'sn-1', employeeId: 'E-2', employeeName: 'Renamed' }, T2),
        record({ serial: 'SN-3', employeeId: 'E-3' }, T2),
      ], { replace: false });
      expect(second).toEqual({ inserted: 1, updated: 1, removed: 0, total: 3 });

      const page = await store.listInventory({ limit: 10, offset: 0 });
      expect(page.total).toBe(3);
      expect(page.items.map((r) => [r.employeeId, r.serial ?? r.hostname])).toEqual([['E-1', 'Laptop-9'], ['E-2', 'sn-1'], ['E-3', 'SN-3']]);
      expect(page.items[0]).toEqual({
        serial: null, hostname: 'Laptop-9', employeeId: 'E-1', employeeName: 'Ann Example', city: 'Berlin', country: 'DE',
        latitude: 52.52, longitude: 13.405, workMode: 'office', importedAt: T1,
      });
      expect(page.items[1]).toMatchObject({ employeeName: 'Renamed', importedAt: T2 });
      expect((await store.listInventory({ limit: 1, offset: 2 })).items.map((r) => r.employeeId)).toEqual(['E-3']);
    });

    it('replaces the whole inventory on request', async () => {
      await store.importInventory([record({ serial: 'SN-1' }), record({ serial: 'SN-2' }), record({ hostname: 'h-3' })], { replace: false });
      expect(await store.importInventory([record({ serial: 'SN-2', city: 'Boston' }), record({ serial: 'SN-4' })], { replace: true }))
        .toEqual({ inserted: 1, updated: 1, removed: 2, total: 2 });
      const { items } = await store.listInventory({ limit: 10, offset: 0 });
      expect(items.map((r) => [r.serial, r.city])).toEqual([['SN-2', 'Boston'], ['SN-4', 'New York']]);
      expect(await store.importInventory([], { replace: true })).toEqual({ inserted: 0, updated: 0, removed: 2, total: 0 });
    });

    it('matches devices by serial, then hostname, case-insensitively', async () => {
      const bySerial = await enrolled('pf3abc12', 'whatever');
      const byHost = await enrolled(null, 'LAPTOP-17');
      const unmatched = await enrolled('NOPE', 'nobody');
      await store.importInventory([
        record({ serial: 'PF3ABC12', employeeId: 'E-100' }),
        record({ hostname: 'laptop-17', employeeId: 'E-101' }),
      ], { replace: false });
      const contexts = await store.deviceContexts([
        { agentId: bySerial, serial: 'pf3abc12', hostname: 'whatever' },
        { agentId: byHost, serial: null, hostname: 'LAPTOP-17' },
        { agentId: unmatched, serial: 'NOPE', hostname: 'nobody' },
      ]);
      expect(contexts.get(bySerial)?.inventory?.employeeId).toBe('E-100');
      expect(contexts.get(byHost)?.inventory?.employeeId).toBe('E-101');
      expect(contexts.get(unmatched)).toEqual({ inventory: null, egress: null });
      const inventory = await store.deviceInventory([
        { agentId: bySerial, serial: 'pf3abc12', hostname: 'whatever' },
        { agentId: unmatched, serial: 'NOPE', hostname: 'nobody' },
      ]);
      expect([...inventory.keys()]).toEqual([bySerial, unmatched]);
      expect(inventory.get(bySerial)).toEqual(contexts.get(bySerial)!.inventory);
      expect(inventory.get(unmatched)).toBeNull();
    });

    it('stores egress with its report and gives the device the egress of its latest report that has one', async () => {
      const agentId = await enrolled('SN-1', 'laptop');
      const newer = makeReport(agentId);
      await store.recordReport({ report: newer, receivedAt: T2, decideAlerts, egress: egress('2001:db8:1:2::7', { prefix64: '2001:db8:1:2::/64' }) });
      // Stored after it but received earlier (a slow transaction): the device keeps the newer egress.
      await store.recordReport({ report: makeReport(agentId), receivedAt: T1, decideAlerts, egress: egress('198.51.100.4', { hosting: null }) });
      // A later report without egress (no usable client address) does not hide the last known one.
      await store.recordReport({ report: makeReport(agentId), receivedAt: T3, decideAlerts, egress: null });
      const device = (await store.deviceContexts([{ agentId, serial: 'SN-1', hostname: 'laptop' }])).get(agentId);
      expect(device?.egress).toEqual({ ...egress('2001:db8:1:2::7', { prefix64: '2001:db8:1:2::/64' }), seenAt: T2 });
      expect((await store.deviceInventory([{ agentId, serial: 'SN-1', hostname: 'laptop' }])).get(agentId)).toBeNull();
    });

    it('creates, lists and deletes offices', async () => {
      const hq = { id: randomUUID(), name: 'HQ', egressCidrs: ['203.0.113.0/24', '2001:db8:10::/48'], gatewayMacHashes: [], createdAt: T1 };
      const lab = { id: randomUUID(), name: 'Annex', egressCidrs: [], gatewayMacHashes: ['a1b2c3d4e5f60718293a4b5c6d7e8f90'], createdAt: T2 };
      await store.createOffice(hq);
      await store.createOffice(lab);
      expect(await store.listOffices()).toEqual([lab, hq]);
      await expect(store.createOffice(hq)).rejects.toThrow();
      expect(await store.deleteOffice(lab.id)).toBe(true);
      expect(await store.deleteOffice(lab.id)).toBe(false);
      expect(await store.listOffices()).toEqual([hq]);
    });
  });
}
