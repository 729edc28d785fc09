// macOS probes: thin for now; parts not listed here are reported as not collected rather than
// empty.
import type { ProbeSet } from '../probe-set.js';
import { probePortableHost } from '../portable/host.js';
import { probePortableInterfaces } from '../portable/interfaces.js';
import { probePortableProcesses } from '../portable/processes.js';
import { probeDarwinUsb } from './usb.js';

export function darwinProbes(): ProbeSet {
  return {
    host: probePortableHost,
    processes: probePortableProcesses,
    interfaces: probePortableInterfaces,
    usbDevices: probeDarwinUsb,
  };
}
