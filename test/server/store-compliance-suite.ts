// The compliance part of the Store contract (server/store/compliance-store.ts). Each
// implementation calls runComplianceStoreSuite from its own *.test.ts with a factory for a fresh,
// empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideAlerts } from '../../server/alerts/rules.js';
import { hashSecret, mintToken } from '../../server/auth/tokens.js';
import type { Store } from '../../server/store/store.js';
import type { ProbeHealth, Report } from '../../shared/index.js';
import { finding, makeReport } from './fixtures.js';

const ENROLLED = '2025-06-01T09:00:00.000Z';
const at = (hour: number) => `2025-06-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

export function runComplianceStoreSuite(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract (compliance): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    async function enrolled(agentId: string, hostname = 'laptop-17', serial: string | null = null) {
      await store.createAgent({
        agentId, tokenHash: hashSecret(mintToken('agent')), hostname, platform: 'linux', agentVersion: '0.1.0',
        serial, hardwareUuid: null, enrolledAt: ENROLLED,
      });
    }

    const record = (report: Report, receivedAt: string) => store.recordReport({ report, receivedAt, decideAlerts });
    const withProbes = (report: Report, probes: ProbeHealth[]): Report => ({ ...report, probes });

    it('answers nothing for an empty store', async () => {
      expect(await store.latestReportsByDevice()).toEqual([]);
    });

    it("returns every device, ordered by agent id, with its latest report's findings (in order, without evidence) and probe health", async () => {
      const [a, b, c] = ['0a000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000002', '0c000000-0000-4000-8000-000000000003'];
      await enrolled(c, 'never-reported');
      await enrolled(a);
      await enrolled(b);
      const probes: ProbeHealth[] = [
        { probe: 'processes', ok: false, durationMs: 15_000, timedOut: true, error: 'timed out after 15000 ms' },
        { probe: 'usbDevices', ok: false, durationMs: 0, unsupported: true },
        { probe: 'interfaces', ok: true, durationMs: 4 },
      ];
      const older = makeReport(a, { findings: [finding('ip_kvm.usb_match', 'critical', 'PiKVM')] });
      const latest = withProbes(makeReport(a, {
        findings: [finding('remote_access.process_running', 'high', 'AnyDesk'), finding('vpn.tunnel_interface', 'low', 'tun0'),
          finding('remote_access.process_running', 'info', 'TeamViewer')],
      }), probes);
      // Stored out of order: the latest is the one received last, not the one stored last.
      await record(latest, at(12));
      await record(older, at(10));
      await record(makeReport(b, { hostname: 'laptop-b', serial: 'SN-B' }), at(11));

      expect(await store.latestReportsByDevice()).toEqual([
        {
          agentId: a, hostname: 'laptop-17', serial: 'SN-0017', platform: 'linux', enrolledAt: ENROLLED, lastSeenAt: at(10),
          latestReport: {
            reportId: latest.reportId, receivedAt: at(12), scannedAt: latest.scan.finishedAt, probes,
            findings: [
              { signal: 'remote_access.process_running', category: 'remote_access', severity: 'high', subject: 'AnyDesk', summary: 'AnyDesk seen (remote_access.process_running)' },
              { signal: 'vpn.tunnel_interface', category: 'vpn', severity: 'low', subject: 'tun0', summary: 'tun0 seen (vpn.tunnel_interface)' },
              { signal: 'remote_access.process_running', category: 'remote_access', severity: 'info', subject: 'TeamViewer', summary: 'TeamViewer seen (remote_access.process_running)' },
            ],
          },
        },
        {
          agentId: b, hostname: 'laptop-b', serial: 'SN-B', platform: 'linux', enrolledAt: ENROLLED, lastSeenAt: at(11),
          latestReport: { reportId: expect.any(String), receivedAt: at(11), scannedAt: expect.any(String), findings: [], probes: [{ probe: 'processes', ok: true, durationMs: 40 }] },
        },
        { agentId: c, hostname: 'never-reported', serial: null, platform: 'linux', enrolledAt: ENROLLED, lastSeenAt: null, latestReport: null },
      ]);
    });

    it('breaks a tie on the receipt time by the report stored last', async () => {
      const agentId = '0d000000-0000-4000-8000-000000000004';
      await enrolled(agentId);
      const first = makeReport(agentId, { findings: [finding('ip_kvm.usb_match', 'critical', 'PiKVM')] });
      const second = makeReport(agentId);
      await record(first, at(12));
      await record(second, at(12));
      const [device] = await store.latestReportsByDevice();
      expect(device!.latestReport).toMatchObject({ reportId: second.reportId, findings: [] });
    });
  });
}
