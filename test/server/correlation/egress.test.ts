import { describe, expect, it } from 'vitest';
import { EgressFormatError, egressKey, ipv6PrefixKey } from '../../../server/correlation/index.js';

describe('egressKey', () => {
  it('keeps IPv4 as it is', () => {
    expect(egressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(egressKey(' 0.0.0.0 ')).toBe('0.0.0.0');
  });

  it('reduces IPv6 to its /64 in one canonical spelling', () => {
    expect(egressKey('2001:db8:1:2::42')).toBe('2001:db8:1:2::/64');
    expect(egressKey('2001:0DB8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(egressKey('2001:db8::1')).toBe('2001:db8::/64');
    expect(egressKey('2001:0:0:1::5')).toBe('2001:0:0:1::/64');
    expect(egressKey('fe80::1%eth0')).toBe('fe80::/64');
    expect(egressKey('::')).toBe('::/64');
    expect(egressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b::/64');
  });

  it('turns an IPv4-mapped IPv6 address back into the IPv4', () => {
    expect(egressKey('::ffff:198.51.100.9')).toBe('198.51.100.9');
    expect(egressKey('::ffff:c633:6409')).toBe('198.51.100.9');
  });

  it('refuses what is not an address, saying why', () => {
    for (const bad of ['', 'example.com', '256.1.1.1', '1.2.3', '2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', '2001:db8:zz::1', '12345::1', '::ffff:1.2.3.999']) {
      expect(() => egressKey(bad), bad).toThrow(EgressFormatError);
    }
    expect(() => egressKey('2001:db8::1::2')).toThrow(/more than one "::"/);
  });
});

describe('ipv6PrefixKey', () => {
  it('reads a prefix or an address inside it', () => {
    expect(ipv6PrefixKey('2001:db8:1:2::/64')).toBe('2001:db8:1:2::/64');
    expect(ipv6PrefixKey('2001:db8:1:2:a:b:c:d')).toBe('2001:db8:1:2::/64');
    expect(() => ipv6PrefixKey('2001:db8::/129')).toThrow(/above 128/);
    expect(() => ipv6PrefixKey('2001:db8::/x')).toThrow(/bad prefix length/);
  });
});
