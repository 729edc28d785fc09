import type { UsbDeviceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { execText } from '../util/exec.js';
import { parseSystemProfilerUsb } from './parse-usb.js';

export async function probeDarwinUsb(context: ProbeContext): Promise<UsbDeviceFact[]> {
  return parseSystemProfilerUsb(await execText('system_profiler', ['SPUSBDataType', '-json'], { signal: context.signal }));
}
