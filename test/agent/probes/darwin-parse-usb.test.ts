// The macOS USB parser over a constructed system_profiler SPUSBDataType document.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseSpBcd, parseSpHexId, parseSystemProfilerUsb } from '../../../agent/probes/darwin/parse-usb.js';
import { UsbDeviceFact } from '../../../shared/schema/facts.js';

const SAMPLE = new URL('./fixtures/darwin/system_profiler-SPUSBDataType.json', import.meta.url);

describe('parseSystemProfilerUsb', () => {
  it('walks buses and hubs and keeps the device\'s own strings', async () => {
    const devices = parseSystemProfilerUsb(await readFile(SAMPLE, 'utf8'));
    expect(devices.map((d) => `${d.vendorId}:${d.productId} ${d.product}`)).toEqual([
      '2109:2817 USB2.1 Hub', '1d6b:0104 PiKVM Composite Device', '046d:c52b USB Receiver', '05ac:027c Apple Internal Keyboard / Trackpad',
    ]);
    expect(devices[1]).toEqual({
      location: '0x01120000', vendorId: '1d6b', productId: '0104', manufacturer: 'PiKVM', product: 'PiKVM Composite Device', serial: 'CAFEBABE',
      bcdDevice: '0100', interfaces: [],
    });
    expect(devices[0]?.manufacturer).toBe('VIA Labs, Inc.');
    expect(devices[2]?.serial).toBeUndefined();
    for (const device of devices) expect(() => UsbDeviceFact.parse(device)).not.toThrow();
  });

  it('decodes system_profiler number notations', () => {
    expect(parseSpHexId('0x05c6  (Qualcomm, Inc)')).toBe('05c6');
    expect(parseSpHexId('apple_vendor_id')).toBe('05ac');
    expect(parseSpHexId('0x1d50')).toBe('1d50');
    expect(parseSpHexId('garbage')).toBeUndefined();
    expect(parseSpBcd('1.00')).toBe('0100');
    expect(parseSpBcd('9b.00')).toBe('9b00');
    expect(parseSpBcd('10.12')).toBe('1012');
    expect(parseSpBcd('0.01')).toBe('0001');
    expect(parseSpBcd('1.2.3')).toBeUndefined();
  });

  it('rejects output without SPUSBDataType with a clear error', () => {
    expect(() => parseSystemProfilerUsb('{"SPDisplaysDataType": []}')).toThrow(/SPUSBDataType/);
    expect(() => parseSystemProfilerUsb('not json')).toThrow(SyntaxError);
  });
});
