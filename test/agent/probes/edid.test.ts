// The test-side EDID encoder that builds the constructed fixtures' display data.
import { describe, expect, it } from 'vitest';
import { encodeEdid } from './helpers/edid.js';

const decodePnp = (edid: Buffer): string => {
  const value = edid.readUInt16BE(8);
  return [10, 5, 0].map((shift) => String.fromCharCode(((value >> shift) & 0x1f) + 64)).join('');
};

describe('encodeEdid', () => {
  const pikvm = encodeEdid({ manufacturer: 'LNX', productCode: 0x7770, serialNumber: 0x01010101, name: 'PiKVM', serialText: 'CAFEBABE', widthCm: 53, heightCm: 30 });

  it('produces one 128-byte block whose bytes sum to 0 mod 256', () => {
    expect(pikvm).toHaveLength(128);
    expect(pikvm.subarray(0, 8).toString('hex')).toBe('00ffffffffffff00');
    expect(pikvm.reduce((sum, b) => sum + b, 0) % 256).toBe(0);
  });

  it('encodes the PiKVM identity fields where EDID parsers look for them', () => {
    expect(decodePnp(pikvm)).toBe('LNX');
    expect(pikvm.readUInt16LE(10)).toBe(0x7770);
    expect(pikvm.readUInt32LE(12)).toBe(0x01010101);
    expect([pikvm[21], pikvm[22]]).toEqual([53, 30]);
    const descriptors = [54, 72, 90, 108].map((offset) => pikvm.subarray(offset, offset + 18));
    const text = (tag: number): string | undefined => {
      const d = descriptors.find((x) => x[0] === 0 && x[1] === 0 && x[3] === tag);
      return d?.subarray(5).toString('latin1').split('\n')[0];
    };
    expect(text(0xfc)).toBe('PiKVM');
    expect(text(0xff)).toBe('CAFEBABE');
    // Detailed timing: image size 530 x 300 mm.
    const dtd = descriptors[0] as Buffer;
    expect(dtd[12]! | ((dtd[14]! >> 4) << 8)).toBe(530);
    expect(dtd[13]! | ((dtd[14]! & 0x0f) << 8)).toBe(300);
  });

  it('rejects values EDID cannot carry', () => {
    expect(() => encodeEdid({ manufacturer: 'lnx', productCode: 1, serialNumber: 1, name: 'x', widthCm: 1, heightCm: 1 })).toThrow(/PNP id/);
    expect(() => encodeEdid({ manufacturer: 'LNX', productCode: 1, serialNumber: 1, name: 'a name too long', widthCm: 1, heightCm: 1 })).toThrow(/13/);
  });
});
