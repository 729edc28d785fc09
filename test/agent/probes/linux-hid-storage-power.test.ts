// The Linux HID, SCSI storage and power probes over the constructed fixture trees (where the
// class entries are real relative symlinks into the device tree, as in sysfs) and over small
// trees written here for the edge cases.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHidId, parseUevent, probeLinuxHid } from '../../../agent/probes/linux/hid.js';
import { parseLidState, probeLinuxPower, summarisePower } from '../../../agent/probes/linux/power.js';
import { probeLinuxStorage, storageKind, usbLocationOf } from '../../../agent/probes/linux/storage.js';
import type { ProbeContext } from '../../../agent/probes/run-probe.js';
import { RootedFs } from '../../../agent/probes/util/rooted-fs.js';
import { ABSOLUTE_MOUSE, BOOT_KEYBOARD, TOUCHPAD } from './helpers/hid-descriptors.js';
import { fixtureRoot } from './helpers/paths.js';

function context(): ProbeContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { signal: new AbortController().signal, warn: (m) => void warnings.push(m), warnings };
}
const fsFor = (root: string) => new RootedFs(root, new AbortController().signal);

describe('HID probe', () => {
  it('reads each HID function of a USB device with its descriptor, name and USB location', async () => {
    const hid = await probeLinuxHid(context(), fsFor(fixtureRoot('pikvm-laptop')));
    expect(hid.map((h) => [h.usbLocation, h.vendorId, h.productId, h.name])).toEqual([
      ['1-2', '1d6b', '0104', 'PiKVM PiKVM Composite Device'],
      ['1-2', '1d6b', '0104', 'PiKVM PiKVM Composite Device'],
      ['1-2', '1d6b', '0104', 'PiKVM PiKVM Composite Device'],
      [undefined, '04f3', '3282', 'ELAN0001:00 04F3:3282'],
    ]);
    expect(hid[0]!.reportDescriptorHex).toBe(BOOT_KEYBOARD.toString('hex'));
    expect(hid[1]!.reportDescriptorHex).toBe(ABSOLUTE_MOUSE.toString('hex'));
    // The I2C touchpad comes through /sys/class/hidraw; USB hidraw nodes are not read twice.
    expect(hid[3]!.reportDescriptorHex).toBe(TOUCHPAD.toString('hex'));
  });

  it('parses uevent and HID_ID', () => {
    expect(parseUevent('DRIVER=hid-generic\nHID_NAME=ELAN touchpad\nbroken\n')).toEqual(new Map([['DRIVER', 'hid-generic'], ['HID_NAME', 'ELAN touchpad']]));
    expect(parseHidId('0018:000004F3:00003282')).toEqual({ bus: '0018', vendorId: '04f3', productId: '3282' });
    expect(parseHidId('junk')).toBeUndefined();
    expect(parseHidId(undefined)).toBeUndefined();
  });

  describe('on a written tree', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'fw-hid-'));
      const put = async (path: string, content: string | Buffer) => {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      };
      const usb = 'sys/bus/usb/devices/3-1/3-1:1.0';
      await put('sys/bus/usb/devices/3-1/idVendor', '1209\n');
      await put(`${usb}/0003:1209:0001.0007/report_descriptor`, Buffer.alloc(9000, 0x05));
      await put(`${usb}/0003:1209:0001.0008/uevent`, 'HID_NAME=no descriptor\n');
      await put(`${usb}/not-a-hid-dir/report_descriptor`, 'x');
      await put('sys/class/hidraw/hidraw5/device/uevent', 'HID_ID=0005:0000046D:0000B342\nHID_NAME=BT Keyboard\n');
      await put('sys/class/hidraw/hidraw5/device/report_descriptor', BOOT_KEYBOARD);
      await put('sys/class/hidraw/hidraw6/device/uevent', 'HID_NAME=no id\n');
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('drops an oversized descriptor with a warning and keeps devices without one', async () => {
      const ctx = context();
      const hid = await probeLinuxHid(ctx, fsFor(root));
      expect(hid).toEqual([
        { usbLocation: '3-1', vendorId: '1209', productId: '0001', name: undefined, reportDescriptorHex: undefined },
        { usbLocation: '3-1', vendorId: '1209', productId: '0001', name: 'no descriptor', reportDescriptorHex: undefined },
        { vendorId: '046d', productId: 'b342', name: 'BT Keyboard', reportDescriptorHex: BOOT_KEYBOARD.toString('hex') },
      ]);
      expect(ctx.warnings).toEqual([expect.stringMatching(/0003:1209:0001\.0007: report descriptor of 9000 bytes not kept/)]);
    });
  });
});

describe('storage probe', () => {
  it('reads the PiKVM CD-ROM LUN with its inquiry strings and USB location', async () => {
    expect(await probeLinuxStorage(context(), fsFor(fixtureRoot('pikvm-laptop')))).toEqual([
      { usbLocation: '1-2', vendor: 'PiKVM', model: 'Optical Drive', revision: '1.00', kind: 'cdrom', removable: true },
    ]);
  });

  it('finds nothing on the normal laptop', async () => {
    expect(await probeLinuxStorage(context(), fsFor(fixtureRoot('normal-laptop')))).toEqual([]);
  });

  it('maps device paths to the USB device and SCSI types to kinds', () => {
    expect(usbLocationOf('../../devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1.4/2-1.4:1.0/host3/target3:0:0/3:0:0:0/scsi_device/3:0:0:0')).toBe('2-1.4');
    expect(usbLocationOf('../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/scsi_device/0:0:0:0')).toBeUndefined();
    expect(usbLocationOf(undefined)).toBeUndefined();
    expect([storageKind('5'), storageKind('0'), storageKind('14'), storageKind('1'), storageKind(undefined)]).toEqual(['cdrom', 'disk', 'disk', 'other', 'other']);
  });

  describe('on a written tree', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'fw-scsi-'));
      // A SATA disk (no USB in its path, no block directory) and an entry with no attributes.
      const sata = 'sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0';
      await mkdir(join(root, sata, 'scsi_device/0:0:0:0'), { recursive: true });
      await writeFile(join(root, sata, 'vendor'), 'ATA     \n');
      await writeFile(join(root, sata, 'model'), 'Samsung SSD 870 \n');
      await writeFile(join(root, sata, 'type'), '0\n');
      await symlink('../../../0:0:0:0', join(root, sata, 'scsi_device/0:0:0:0/device'));
      await mkdir(join(root, 'sys/class/scsi_device/1:0:0:0/device'), { recursive: true });
      await mkdir(join(root, 'sys/class/scsi_device'), { recursive: true });
      await symlink(`../../${sata.slice(4)}/scsi_device/0:0:0:0`, join(root, 'sys/class/scsi_device/0:0:0:0'));
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('reads a non-USB disk without a location and skips empty entries', async () => {
      expect(await probeLinuxStorage(context(), fsFor(root))).toEqual([
        { vendor: 'ATA', model: 'Samsung SSD 870', revision: undefined, kind: 'disk', removable: undefined },
      ]);
    });
  });
});

describe('power probe', () => {
  it('normal laptop: on AC, battery present (a mouse battery is not the laptop\'s), lid open', async () => {
    expect(await probeLinuxPower(context(), fsFor(fixtureRoot('normal-laptop')))).toEqual({ onAc: true, batteryPresent: true, lidClosed: false });
  });

  it('pikvm laptop: lid closed and sleep.target masked', async () => {
    expect(await probeLinuxPower(context(), fsFor(fixtureRoot('pikvm-laptop')))).toEqual({ onAc: true, batteryPresent: true, lidClosed: true, sleepDisabled: true });
  });

  it('a tree without power information yields no claims', async () => {
    expect(await probeLinuxPower(context(), fsFor(fixtureRoot('recorded-ci-vm')))).toEqual({});
  });

  it('summarises supplies and lid states', () => {
    expect(summarisePower([])).toEqual({});
    expect(summarisePower([{ type: 'Mains', online: '0' }, { type: 'Battery', present: '1' }])).toEqual({ onAc: false, batteryPresent: true });
    expect(summarisePower([{ type: 'USB', online: '1' }])).toEqual({ onAc: true, batteryPresent: false });
    expect(summarisePower([{ type: 'Battery', scope: 'Device', present: '1' }])).toEqual({ onAc: undefined, batteryPresent: false });
    expect([parseLidState('state:      open\n'), parseLidState('state:      closed\n'), parseLidState('')]).toEqual([false, true, undefined]);
  });
});
