// The HID report descriptor parser and the capabilities read from it. Descriptors come from
// test/agent/probes/helpers/hid-descriptors.ts (constructed item by item, sources named there).
import { describe, expect, it } from 'vitest';
import { extendedUsage, HidDescriptorError, hidCapabilities, parseHidDescriptor } from '../../../agent/detect/hid-descriptor.js';
import {
  ABSOLUTE_MOUSE, BOOT_KEYBOARD, LOGITECH_RECEIVER_MOUSE, RELATIVE_MOUSE, TOUCHPAD, VENDOR_HIDPP,
} from '../probes/helpers/hid-descriptors.js';

const caps = (d: Buffer | string) => hidCapabilities(parseHidDescriptor(d));
const NONE = { keyboard: false, absolutePointer: false, relativePointer: false, digitizer: false };

describe('parseHidDescriptor', () => {
  it('reads the boot keyboard: one application, modifiers, LEDs and the key array', () => {
    const parsed = parseHidDescriptor(BOOT_KEYBOARD);
    expect(parsed.applications).toHaveLength(1);
    const [app] = parsed.applications;
    expect(app!.usage).toBe(extendedUsage(0x01, 0x06));
    expect(app!.fields.map((f) => [f.kind, f.reportSize, f.reportCount, f.constant, f.variable])).toEqual([
      ['input', 1, 8, false, true], ['input', 8, 1, true, true], ['output', 1, 5, false, true], ['output', 3, 1, true, true], ['input', 8, 6, false, false],
    ]);
    expect(app!.fields[0]!.usageRanges).toEqual([[extendedUsage(0x07, 0xe0), extendedUsage(0x07, 0xe7)]]);
  });

  it('reads 16-bit absolute X/Y with logical 0..32767 inside the physical pointer collection', () => {
    const [app] = parseHidDescriptor(ABSOLUTE_MOUSE).applications;
    const xy = app!.fields.find((f) => f.usages.includes(extendedUsage(0x01, 0x30)))!;
    expect(xy).toMatchObject({ kind: 'input', logicalMin: 0, logicalMax: 32767, reportSize: 16, reportCount: 2, relative: false, variable: true });
    expect(xy.usages).toEqual([extendedUsage(0x01, 0x30), extendedUsage(0x01, 0x31)]);
  });

  it('reads signed logical ranges and report ids', () => {
    const [app] = parseHidDescriptor(LOGITECH_RECEIVER_MOUSE).applications;
    const xy = app!.fields.find((f) => f.usages.includes(extendedUsage(0x01, 0x30)))!;
    expect(xy).toMatchObject({ logicalMin: -32767, logicalMax: 32767, relative: true, reportId: 2 });
  });

  it('reads an unsigned one-byte maximum (0xff with minimum 0) as 255', () => {
    const [app] = parseHidDescriptor(VENDOR_HIDPP).applications;
    expect(app!.usage).toBe(extendedUsage(0xff00, 0x01));
    expect(app!.fields[0]).toMatchObject({ logicalMin: 0, logicalMax: 255 });
  });

  it('handles 4-byte extended usages, Push/Pop and skips long items', () => {
    const descriptor = Buffer.from([
      0xfe, 0x02, 0x10, 0xaa, 0xbb, // long item, 2 data bytes
      0x0b, 0x02, 0x00, 0x01, 0x00, // Usage (extended: page 0x0001, usage 0x0002 = Mouse)
      0xa1, 0x01,
      0x05, 0x01, 0xa4, 0x05, 0x09, 0xb4, // Usage Page GD, Push, Usage Page Button, Pop
      0x09, 0x30, 0x09, 0x31, 0x15, 0x00, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02,
      0xc0,
    ]);
    const parsed = parseHidDescriptor(descriptor);
    expect(parsed.itemCount).toBe(15);
    expect(parsed.applications[0]!.usage).toBe(extendedUsage(0x01, 0x02));
    expect(parsed.applications[0]!.fields[0]!.usages).toEqual([extendedUsage(0x01, 0x30), extendedUsage(0x01, 0x31)]);
    expect(hidCapabilities(parsed)).toMatchObject({ absolutePointer: true, absoluteRange: '0..32767' });
  });

  it.each([
    ['a truncated item', '050126ff', /truncated item 0x26/],
    ['a truncated long item', 'fe05', /truncated long item/],
    ['an unclosed collection', '05010902a101', /not closed/],
    ['a stray End Collection', 'c0', /without a collection/],
    ['Pop without Push', 'b4', /Pop without Push/],
    ['odd hex', '050', /even number/],
  ])('rejects %s with a HidDescriptorError', (_label, hex, message) => {
    expect(() => parseHidDescriptor(hex)).toThrow(HidDescriptorError);
    expect(() => parseHidDescriptor(hex)).toThrow(message);
  });

  it('parses an empty descriptor as having no applications', () => {
    expect(parseHidDescriptor('')).toEqual({ applications: [], itemCount: 0 });
  });
});

describe('hidCapabilities', () => {
  it.each([
    ['boot keyboard', BOOT_KEYBOARD, { ...NONE, keyboard: true }],
    ['IP-KVM absolute mouse', ABSOLUTE_MOUSE, { ...NONE, absolutePointer: true, absoluteRange: '0..32767' }],
    ['relative boot mouse', RELATIVE_MOUSE, { ...NONE, relativePointer: true }],
    ['Logitech receiver mouse', LOGITECH_RECEIVER_MOUSE, { ...NONE, relativePointer: true }],
    ['vendor HID++ collection', VENDOR_HIDPP, NONE],
    ['precision touchpad (digitizer with absolute fingers + relative mouse)', TOUCHPAD, { ...NONE, digitizer: true, relativePointer: true }],
  ])('%s', (_label, descriptor, expected) => {
    expect(caps(descriptor)).toEqual(expected);
  });

  it('does not call a touchscreen that puts absolute X/Y under a digitizer page an absolute mouse', () => {
    // Digitizer / Touch Screen application, X/Y Generic Desktop absolute inside it.
    const touchscreen = '050d0904a1010901a100050126ff7f75109502093009318102c0c0';
    expect(caps(touchscreen)).toEqual({ ...NONE, digitizer: true });
  });

  it('needs both axes absolute and not constant', () => {
    // Mouse with X absolute and Y relative: not an absolute pointer.
    const mixed = Buffer.from([0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x30, 0x15, 0x00, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x01, 0x81, 0x02,
      0x09, 0x31, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x81, 0x06, 0xc0]);
    expect(caps(mixed)).toEqual({ ...NONE, relativePointer: true });
    const constant = Buffer.from([0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x00, 0x26, 0xff, 0x7f, 0x75, 0x10, 0x95, 0x02, 0x81, 0x03, 0xc0]);
    expect(caps(constant)).toEqual(NONE);
  });
});
