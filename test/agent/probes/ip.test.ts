// /proc/net address notations.
import { describe, expect, it } from 'vitest';
import { formatIpv6, ipv4FromLittleEndianHex, ipv6FromHex, ipv6FromWordSwappedHex, prefixFromLittleEndianMask } from '../../../agent/probes/util/ip.js';
import { ipv4ToKernelHex, ipv6Bytes, ipv6ToKernelHex, ipv6ToSocketTableHex, prefixToKernelMaskHex } from './helpers/addresses.js';

describe('kernel hex addresses', () => {
  it('decodes little-endian IPv4 and netmasks', () => {
    expect(ipv4FromLittleEndianHex('010200C0')).toBe('192.0.2.1');
    expect(ipv4FromLittleEndianHex('00000080')).toBe('128.0.0.0');
    expect(prefixFromLittleEndianMask('00000000')).toBe(0);
    expect(prefixFromLittleEndianMask('00000080')).toBe(1);
    expect(prefixFromLittleEndianMask('00FFFFFF')).toBe(24);
    expect(prefixFromLittleEndianMask('FFFFFFFF')).toBe(32);
    expect(prefixFromLittleEndianMask('00F0FFFF')).toBe(20);
    expect(() => ipv4FromLittleEndianHex('xyz')).toThrow(/malformed/);
  });

  it('prints IPv6 in RFC 5952 form', () => {
    expect(ipv6FromHex('00000000000000000000000000000000')).toBe('::');
    expect(ipv6FromHex('00000000000000000000000000000001')).toBe('::1');
    expect(ipv6FromHex('fe8000000000000000fc00fffe000001')).toBe('fe80::fc:ff:fe00:1');
    expect(ipv6FromHex('20010db8000000010000000000000001')).toBe('2001:db8:0:1::1'); // single zero group stays
    expect(ipv6FromHex('20010db8000000000001000000000001')).toBe('2001:db8::1:0:0:1'); // first of equal runs
    expect(ipv6FromHex('00000000000000000000ffffc0000201')).toBe('::ffff:192.0.2.1');
    expect(formatIpv6([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6])).toBe('2001:db8:1:2:3:4:5:6');
  });

  it('undoes the per-word byte swap of tcp6/udp6', () => {
    expect(ipv6FromWordSwappedHex('00000000000000000000000001000000')).toBe('::1');
    expect(ipv6FromWordSwappedHex('B80D0120000000000000000001000000')).toBe('2001:db8::1');
  });

  it('round-trips with the fixture encoders', () => {
    for (const ip of ['0.0.0.0', '10.8.0.1', '203.0.113.10', '255.255.255.255']) expect(ipv4FromLittleEndianHex(ipv4ToKernelHex(ip))).toBe(ip);
    for (let prefix = 0; prefix <= 32; prefix++) expect(prefixFromLittleEndianMask(prefixToKernelMaskHex(prefix))).toBe(prefix);
    for (const ip of ['::', '::1', 'fe80::a6c3:f0ff:fe11:2233', '2601:600:8a00:1234::50', 'fd86:ea04:1111::2']) {
      expect(ipv6FromHex(ipv6ToKernelHex(ip))).toBe(ip);
      expect(ipv6FromWordSwappedHex(ipv6ToSocketTableHex(ip))).toBe(ip);
      expect(formatIpv6(ipv6Bytes(ip))).toBe(ip);
    }
  });
});
