// Which egress addresses co-location counts: globally routable ones, plus configured lab networks.
import { describe, expect, it } from 'vitest';
import { isPublicEgress, parseLabNetworks } from '../../server/farm/public-egress.js';

describe('public egress for co-location', () => {
  it('counts globally routable IPv4 and IPv6 addresses', () => {
    for (const ip of ['81.2.69.160', '8.8.8.8', '2a00:1450:4001:82b::200e', '::ffff:81.2.69.160']) expect(isPublicEgress(ip), ip).toBe(true);
  });

  it('does not count private, shared, loopback, link-local, documentation or benchmark addresses', () => {
    for (const ip of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.1.1', '192.0.2.7', '198.51.100.7',
      '203.0.113.7', '198.18.0.11', '::1', 'fe80::1', 'fd00::1', '2001:db8::1', '::ffff:10.0.0.1', 'not an ip']) {
      expect(isPublicEgress(ip), ip).toBe(false);
    }
  });

  it('counts a lab network only when configured, and refuses a bad one', () => {
    const lab = parseLabNetworks(['198.18.0.0/24']);
    expect(isPublicEgress('198.18.0.11', lab)).toBe(true);
    expect(isPublicEgress('198.19.0.11', lab)).toBe(false);
    expect(() => parseLabNetworks(['198.18.0.0/33'])).toThrow(/not a CIDR/);
  });
});
