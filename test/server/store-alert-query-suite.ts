// Alert queue queries of the Store contract (time bounds, sort keys) for the console's queue.
// Each implementation calls runAlertQuerySuite from its own *.test.ts with a fresh, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAlert, Store } from '../../server/store/store.js';

const alert = (key: string, score: number, firstSeen: string, lastSeen: string): NewAlert => ({
  dedupKey: key, type: 'agent_clone', agentId: null, agentIds: [], signal: 'agent_health.clone', category: 'agent_health', severity: 'high',
  score, summary: key, reasons: [], evidence: [], firstSeen, lastSeen, count: 1,
});

export function runAlertQuerySuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (alert queue queries): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      await store.raiseAlert(alert('a', 50, '2025-06-01T08:00:00.000Z', '2025-06-03T08:00:00.000Z'));
      await store.raiseAlert(alert('b', 90, '2025-06-02T08:00:00.000Z', '2025-06-02T09:00:00.000Z'));
      await store.raiseAlert(alert('c', 70, '2025-05-30T08:00:00.000Z', '2025-06-01T09:00:00.000Z'));
    });
    afterEach(async () => {
      await store.close();
    });
    const keys = async (query: Partial<Parameters<Store['listAlerts']>[0]>) =>
      (await store.listAlerts({ limit: 10, offset: 0, ...query })).items.map((a) => a.dedupKey);

    it('sorts by last seen (default), first seen or score, either way', async () => {
      expect(await keys({})).toEqual(['a', 'b', 'c']);
      expect(await keys({ sort: 'lastSeen', order: 'asc' })).toEqual(['c', 'b', 'a']);
      expect(await keys({ sort: 'firstSeen' })).toEqual(['b', 'a', 'c']);
      expect(await keys({ sort: 'score' })).toEqual(['b', 'c', 'a']);
      expect(await keys({ sort: 'score', order: 'asc', limit: 2, offset: 1 })).toEqual(['c', 'b']);
    });

    it('bounds last seen by since (inclusive) and until (exclusive), with the total to match', async () => {
      expect(await keys({ since: '2025-06-02T09:00:00.000Z' })).toEqual(['a', 'b']);
      expect(await keys({ until: '2025-06-02T09:00:00.000Z' })).toEqual(['c']);
      const page = await store.listAlerts({ limit: 1, offset: 0, since: '2025-06-01T00:00:00.000Z', until: '2025-06-03T00:00:00.000Z' });
      expect([page.items.map((a) => a.dedupKey), page.total]).toEqual([['b'], 2]);
    });
  });
}
