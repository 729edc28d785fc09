// The EDID base-block decoder, over EDIDs built by the fixture encoder and hand-edited bytes.
import { describe, expect, it } from 'vitest';
import { decodeEdid, EdidError } from '../../../agent/detect/edid.js';
import { encodeEdid } from '../probes/helpers/edid.js';

const PIKVM = encodeEdid({ manufacturer: 'LNX', productCode: 0x7770, serialNumber: 0x01010101, name: 'PiKVM', serialText: 'CAFEBABE', widthCm: 53, heightCm: 30, week: 12, year: 2019 });

describe('decodeEdid', () => {
  it('decodes the identity, date, size and text descriptors of a base block', () => {
    expect(decodeEdid(PIKVM)).toEqual({
      manufacturer: 'LNX', productCode: 0x7770, serialNumber: 0x01010101, week: 12, year: 2019, version: '1.3',
      widthCm: 53, heightCm: 30, name: 'PiKVM', serialText: 'CAFEBABE', text: undefined, checksumValid: true,
    });
  });

  it('accepts hex (upper or lower case) and ignores extension blocks', () => {
    const withExtension = Buffer.concat([PIKVM, Buffer.alloc(128, 0x02)]);
    expect(decodeEdid(withExtension.toString('hex')).productCode).toBe(0x7770);
    expect(decodeEdid(PIKVM.toString('hex').toUpperCase()).manufacturer).toBe('LNX');
  });

  it('decodes the packed PNP letters and the full 32-bit serial', () => {
    const dell = decodeEdid(encodeEdid({ manufacturer: 'DEL', productCode: 0xa0c6, serialNumber: 0xfedcba98, name: 'DELL U2419H', widthCm: 53, heightCm: 30 }));
    expect(dell).toMatchObject({ manufacturer: 'DEL', productCode: 0xa0c6, serialNumber: 0xfedcba98, name: 'DELL U2419H', serialText: undefined });
    expect(decodeEdid(encodeEdid({ manufacturer: 'ZZZ', productCode: 0, serialNumber: 0, name: '', widthCm: 0, heightCm: 0 })).manufacturer).toBe('ZZZ');
  });

  it('reports a broken checksum without refusing the block', () => {
    const broken = Buffer.from(PIKVM);
    broken[20] = (broken[20] as number) ^ 0x01;
    expect(decodeEdid(broken)).toMatchObject({ manufacturer: 'LNX', checksumValid: false });
  });

  it.each([
    ['too short', Buffer.alloc(127), /127 bytes/],
    ['wrong header', Buffer.alloc(128), /header/],
    ['odd hex', 'abc', /even number/],
    ['not hex', 'zz'.repeat(128), /hex digits/],
  ])('rejects %s with an EdidError', (_label, input, message) => {
    expect(() => decodeEdid(input)).toThrow(EdidError);
    expect(() => decodeEdid(input)).toThrow(message);
  });
});
