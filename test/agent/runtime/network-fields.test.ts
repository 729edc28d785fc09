// The report's Wi-Fi, DHCP and DNS fields, and the network inputs the runtime gives the probes.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, Policy, Report } from '../../../shared/index.js';
import { buildReport } from '../../../agent/report/build-report.js';
import { collectorTarget, networkOptions } from '../../../agent/runtime/network-options.js';
import { AGENT_ID, ORG_KEY, loadFixtureFacts } from './helpers.js';

const meta = { agentId: AGENT_ID, orgKey: ORG_KEY, agentVersion: '0.1.0', startedAt: new Date(), finishedAt: new Date(), spoolEvicted: 0 };
const hmac = (value: string) => createHmac('sha256', Buffer.from(ORG_KEY, 'hex')).update(value).digest('hex').slice(0, 32);

describe('report network fields', () => {
  it('hashes SSID and BSSID of the Wi-Fi on the default route and passes its DHCP and DNS servers', async () => {
    const facts = await loadFixtureFacts();
    const defaultInterface = 'wlp0s20f3';
    facts.wifi = [
      { interface: 'wlx00c0ca', ssid: 'Other', bssid: '00:11:22:33:44:55' },
      { interface: defaultInterface, ssid: 'Home Office 5G', bssid: 'A4-2B-B0-5E-11-C7' },
    ];
    facts.interfaces = facts.interfaces.map((i) => (i.name === defaultInterface ? { ...i, dhcpServer: '192.168.1.1' } : i));
    facts.dnsServers = ['192.168.1.1', '2001:db8::53'];
    const report = buildReport(facts, [], meta);
    expect(Report.parse(report)).toEqual(report);
    expect(report.network).toMatchObject({
      defaultInterface,
      wifiSsidHash: hmac('Home Office 5G'),
      wifiBssidHash: hmac('a4:2b:b0:5e:11:c7'),
      dhcpServer: '192.168.1.1',
      dnsServers: ['192.168.1.1', '2001:db8::53'],
    });
    expect(JSON.stringify(report)).not.toMatch(/Home Office|a4:2b:b0:5e/i); // OUIs are reported, full BSSIDs never
  });

  it('leaves them out when the default route is not over Wi-Fi or nothing is known', async () => {
    const facts = await loadFixtureFacts();
    facts.wifi = [{ interface: 'wlp0s20f3', unavailableReason: 'not connected' }, { interface: 'wlan9', ssid: 'x', bssid: '00:11:22:33:44:55' }];
    const { network } = buildReport(facts, [], meta);
    expect(network.wifiSsidHash).toBeUndefined();
    expect(network.wifiBssidHash).toBeUndefined();
    expect(network.dhcpServer).toBeUndefined();
  });
});

describe('network inputs of the probes', () => {
  const credential = { serverUrl: 'https://collector.example.com:8443/', agentId: AGENT_ID, orgKey: ORG_KEY };
  const policy = Policy.parse({
    schemaVersion: 1,
    rtt: { anchors: [{ id: 'fra', host: 'fra.anchor.example', port: 443 }, { id: 'iad', host: '198.51.100.7', port: 8443 }], samples: 7, timeoutMs: 1500 },
    beacon: { enabled: true, interfaces: ['wl*'], port: 47_500, listenMs: 2500 },
  });

  it('enrolled: the collector first, then the anchors, and the beacon with the organisation key', () => {
    expect(networkOptions(policy, credential)).toEqual({
      rttTargets: [
        { target: 'collector', host: 'collector.example.com', port: 8443 },
        { target: 'fra', host: 'fra.anchor.example', port: 443 },
        { target: 'iad', host: '198.51.100.7', port: 8443 },
      ],
      rttSamples: 7,
      rttTimeoutMs: 1500,
      beacon: { agentId: AGENT_ID, orgKey: ORG_KEY, port: 47_500, listenMs: 2500, interfaces: ['wl*'] },
    });
  });

  it('not enrolled: anchors only, no collector, no beacon', () => {
    expect(networkOptions(policy, undefined)).toMatchObject({ rttTargets: policy.rtt.anchors.map((a) => ({ target: a.id, host: a.host, port: a.port })), beacon: undefined });
    expect(networkOptions(DEFAULT_POLICY, undefined).rttTargets).toEqual([]);
  });

  it('no beacon unless the policy turns it on, nor when it listens for 0 ms', () => {
    expect(networkOptions(DEFAULT_POLICY, credential).beacon).toBeUndefined();
    expect(networkOptions(Policy.parse({ schemaVersion: 1, beacon: { enabled: false } }), credential).beacon).toBeUndefined();
    expect(networkOptions(Policy.parse({ schemaVersion: 1, beacon: { enabled: true, listenMs: 0 } }), credential).beacon).toBeUndefined();
  });

  it('derives the collector port from the URL scheme', () => {
    expect(collectorTarget('https://fw.example.com')).toEqual({ target: 'collector', host: 'fw.example.com', port: 443 });
    expect(collectorTarget('http://127.0.0.1:8080/base')).toEqual({ target: 'collector', host: '127.0.0.1', port: 8080 });
    expect(collectorTarget('http://[2001:db8::1]/')).toEqual({ target: 'collector', host: '2001:db8::1', port: 80 });
  });
});
