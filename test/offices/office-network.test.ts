// Office networks: CIDR parsing for IPv4 and IPv6, and the pure isOfficeNetwork test the
// correlation code uses.
import { describe, expect, it } from 'vitest';
import { cidrContains, ipv6Prefix64, normaliseIp, parseCidr, parseIp } from '../../server/net/ip.js';
import { findOfficeNetwork, isOfficeNetwork } from '../../server/offices/is-office-network.js';
import { OfficeInput } from '../../server/offices/office.js';

const GATEWAY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('IP addresses and CIDRs', () => {
  it('parses and normalises IPv4, IPv6 and IPv4-mapped IPv6', () => {
    expect(normaliseIp('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseIp('2001:DB8:0:0:1::1')).toBe('2001:db8::1:0:0:1');
    expect(normaliseIp('2001:db8::')).toBe('2001:db8::');
    expect(normaliseIp('300.1.1.1')).toBeUndefined();
    expect(ipv6Prefix64('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(ipv6Prefix64('203.0.113.7')).toBeUndefined();
  });

  it('matches addresses inside blocks of their own family only', () => {
    const v4 = parseCidr('203.0.113.77/24')!;
    expect(v4).toMatchObject({ family: 4, prefix: 24 });
    expect(cidrContains(v4, parseIp('203.0.113.200')!)).toBe(true);
    expect(cidrContains(v4, parseIp('203.0.114.1')!)).toBe(false);
    expect(cidrContains(v4, parseIp('::ffff:203.0.113.9')!)).toBe(true);
    const v6 = parseCidr('2001:db8:10::/48')!;
    expect(cidrContains(v6, parseIp('2001:db8:10:ffff::1')!)).toBe(true);
    expect(cidrContains(v6, parseIp('2001:db8:11::1')!)).toBe(false);
    expect(cidrContains(v6, parseIp('203.0.113.1')!)).toBe(false);
    for (const bad of ['203.0.113.0/33', '2001:db8::/129', 'office', '10.0.0.0/8/1', '10.0.0.0/x']) expect(parseCidr(bad)).toBeUndefined();
  });
});

describe('OfficeInput', () => {
  it('canonicalises CIDRs and names the bad ones', () => {
    expect(OfficeInput.parse({ name: 'HQ', egressCidrs: ['203.0.113.77/24', '2001:DB8:10::/48'] }))
      .toEqual({ name: 'HQ', egressCidrs: ['203.0.113.0/24', '2001:db8:10::/48'], gatewayMacHashes: [] });
    const bad = OfficeInput.safeParse({ name: 'HQ', egressCidrs: ['203.0.113.0/33'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/"203.0.113.0\/33" is not an IPv4 or IPv6 address or CIDR block/);
    expect(OfficeInput.safeParse({ name: 'Empty' }).success).toBe(false);
  });
});

describe('isOfficeNetwork', () => {
  const offices = [
    { id: 'hq', name: 'HQ', egressCidrs: ['203.0.113.0/24', '2001:db8:10::/48'], gatewayMacHashes: [] },
    { id: 'lab', name: 'Lab', egressCidrs: [], gatewayMacHashes: [GATEWAY] },
  ];

  it('recognises declared egress blocks and gateway hashes', () => {
    expect(findOfficeNetwork({ egressIp: '203.0.113.45' }, offices)?.id).toBe('hq');
    expect(findOfficeNetwork({ egressIp: '2001:db8:10:5::9' }, offices)?.id).toBe('hq');
    expect(findOfficeNetwork({ egressIp: '198.51.100.1', gatewayMacHash: GATEWAY.toUpperCase() }, offices)?.id).toBe('lab');
    expect(isOfficeNetwork({ egressIp: '198.51.100.1', gatewayMacHash: 'ffffffffffffffffffffffffffffffff' }, offices)).toBe(false);
    expect(isOfficeNetwork({}, offices)).toBe(false);
    expect(isOfficeNetwork({ egressIp: 'not-an-ip' }, offices)).toBe(false);
  });
});
