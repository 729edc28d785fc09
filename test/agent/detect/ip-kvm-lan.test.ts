// IP-KVMs on the LAN by announced name and MAC vendor prefix.
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { NeighbourFact } from '../../../shared/index.js';
import { detectIpKvmLan } from '../../../agent/detect/ip-kvm-lan.js';
import { buildFacts, DEFAULT_POLICY } from './facts-builder.js';

const neighbour = (mac: string, hostname?: string, ip = '192.168.1.40'): NeighbourFact => ({ ip, mac, interface: 'wlan0', ...(hostname ? { hostname } : {}) });

function check(...neighbours: NeighbourFact[]) {
  const findings = detectIpKvmLan(buildFacts({ neighbours }), DEFAULT_POLICY);
  for (const f of findings) Finding.parse(f);
  return findings;
}

describe('ip_kvm.lan_device', () => {
  it.each([
    ['pikvm.local', 'PiKVM'],
    ['tinypilot.local', 'TinyPilot'],
    ['JetKVM.local', 'JetKVM'],
    ['glkvm.lan', 'GL.iNet Comet (GLKVM)'],
    ['blikvm', 'BliKVM'],
    ['pikvm-2.local', 'PiKVM'],
  ])('names %s as %s (high)', (hostname, kvm) => {
    const findings = check(neighbour('00:11:22:33:44:55', hostname));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'ip_kvm.lan_device', severity: 'high', subject: `${hostname} (${kvm})`, evidence: { kvm, hostname } });
  });

  it('adds a Raspberry Pi vendor prefix next to a KVM name', () => {
    const [finding] = check(neighbour('dc:a6:32:01:02:03', 'pikvm.local'));
    expect(finding).toMatchObject({ severity: 'high', evidence: { oui: 'dc:a6:32', ouiVendor: 'Raspberry Pi' } });
    expect(finding!.evidence.matchedBy).toEqual(['name "pikvm.local" (PiKVM default)', 'MAC vendor Raspberry Pi (dc:a6:32)']);
  });

  it('reports a JetKVM by its vendor prefix alone (high), without the full MAC', () => {
    const [finding] = check(neighbour('30:52:53:0a:0b:0c'));
    expect(finding).toMatchObject({ severity: 'high', subject: '192.168.1.40 (JetKVM)', evidence: { oui: '30:52:53', ip: '192.168.1.40' } });
    expect(JSON.stringify(finding)).not.toContain('0a:0b:0c');
  });

  it('keeps a GL.iNet prefix alone at medium (the vendor mostly sells routers)', () => {
    const [finding] = check(neighbour('94:83:c4:01:02:03', undefined, '192.168.8.1'));
    expect(finding).toMatchObject({ severity: 'medium', subject: '192.168.8.1 (GL.iNet)' });
  });

  it('reports a device listed twice (IPv4 and IPv6) once', () => {
    expect(check(neighbour('30:52:53:0a:0b:0c'), neighbour('30:52:53:0a:0b:0c', undefined, 'fe80::3252:53ff:fe0a:b0c'))).toHaveLength(1);
  });

  it.each([
    ['a Raspberry Pi without a KVM name', neighbour('b8:27:eb:01:02:03', 'pihole.local')],
    ['a Raspberry Pi without a name', neighbour('d8:3a:dd:01:02:03')],
    ['a router', neighbour('f0:9f:c2:12:34:56', 'router.lan')],
    ['a name that only contains a KVM name', neighbour('00:11:22:33:44:55', 'my-pikvm-notes.local')],
    ['a name that starts with one but is another word', neighbour('00:11:22:33:44:55', 'tinypilotfan.local')],
  ])('ignores %s', (_label, n) => {
    expect(check(n)).toEqual([]);
  });
});
