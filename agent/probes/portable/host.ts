// Host identity on macOS and Windows via os and systeminformation.
import { hostname, machine, uptime } from 'node:os';
import si from 'systeminformation';
import type { HostFacts } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { clip, clipOptional } from '../util/text.js';

/** systeminformation reports unknown values as '' or '-'. */
const known = (value: string, max: number): string | undefined => (value.trim() === '-' ? undefined : clipOptional(value, max));

export async function probePortableHost(context: ProbeContext): Promise<HostFacts> {
  const [os, system] = await Promise.all([si.osInfo(), si.system()]);
  context.signal.throwIfAborted();
  return {
    hostname: clip(hostname(), 255),
    osRelease: clip(`${os.distro} ${os.release}`.trim(), 255),
    arch: clip(machine(), 32),
    serial: known(system.serial, 128),
    hardwareUuid: known(system.uuid, 128),
    manufacturer: known(system.manufacturer, 255),
    model: known(system.model, 255),
    timezone: clipOptional(Intl.DateTimeFormat().resolvedOptions().timeZone, 64),
    locale: clipOptional(process.env.LC_ALL || process.env.LANG || Intl.DateTimeFormat().resolvedOptions().locale, 64),
    uptimeSec: uptime(),
  };
}
