// A device's timeline in the Store contract (server/store/timeline-store.ts). Each implementation
// calls runTimelineStoreSuite from its own *.test.ts with a factory for a fresh, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import type { Store } from '../../server/store/store.js';
import { finding, makeReport } from './fixtures.js';

const AGENT = '0a000000-0000-4000-8000-000000000001';
const OTHER = '0b000000-0000-4000-8000-000000000002';

export function runTimelineStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (device timeline): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      for (const agentId of [AGENT, OTHER]) {
        await store.createAgent({
          agentId, tokenHash: hashSecret(mintToken('agent')), hostname: 'laptop', platform: 'linux', agentVersion: '0.1.0',
          serial: null, hardwareUuid: null, enrolledAt: '2025-06-01T08:00:00.000Z',
        });
      }
    });
    afterEach(async () => {
      await store.close();
    });

    it("pages a device's reports newest first, each with its findings in order, and no other device's", async () => {
      const reports = [
        makeReport(AGENT, { findings: [] }),
        makeReport(AGENT, { findings: [finding('ip_kvm.usb_descriptor_match', 'critical', 'PiKVM'), finding('vpn.tunnel_interface', 'low', 'tun0')] }),
        makeReport(AGENT, { findings: [finding('posture.mouse_jiggler', 'medium', 'jiggler')] }),
      ];
      for (const [i, report] of reports.entries()) {
        await store.recordReport({ report, receivedAt: `2025-06-01T1${i}:00:00.000Z`, decideAlerts });
      }
      await store.recordReport({ report: makeReport(OTHER), receivedAt: '2025-06-01T12:00:00.000Z', decideAlerts });

      const page = await store.deviceTimeline(AGENT, { limit: 2, offset: 0 });
      expect(page.total).toBe(3);
      expect(page.items.map((r) => [r.reportId, r.receivedAt])).toEqual([
        [reports[2]!.reportId, '2025-06-01T12:00:00.000Z'], [reports[1]!.reportId, '2025-06-01T11:00:00.000Z'],
      ]);
      expect(page.items[1]!.findings).toEqual([
        { signal: 'ip_kvm.usb_descriptor_match', severity: 'critical', subject: 'PiKVM', summary: expect.any(String) },
        { signal: 'vpn.tunnel_interface', severity: 'low', subject: 'tun0', summary: expect.any(String) },
      ]);
      expect(page.items[0]!.scannedAt).toBe(reports[2]!.scan.finishedAt);
      const rest = await store.deviceTimeline(AGENT, { limit: 2, offset: 2 });
      expect(rest.items.map((r) => [r.reportId, r.findings])).toEqual([[reports[0]!.reportId, []]]);
      expect((await store.deviceTimeline('0c000000-0000-4000-8000-000000000003', { limit: 10, offset: 0 }))).toEqual({ items: [], total: 0 });
    });
  });
}
