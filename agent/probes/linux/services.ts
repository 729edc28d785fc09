// systemd services enabled on Linux: the units linked under /etc/systemd/system/*.wants (system)
// and /etc/systemd/user/*.wants (every user's session), each with its Description and the program
// of its ExecStart. Whether a system unit runs is read from its cgroup (systemd removes
// /sys/fs/cgroup/system.slice/<unit> when the unit stops); without that hierarchy, or for user
// units, the state is `other`. Units enabled only in a user's home are not read.
import { posix } from 'node:path';
import type { ServiceFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional } from '../util/text.js';

const SCOPES = [{ dir: '/etc/systemd/system', system: true }, { dir: '/etc/systemd/user', system: false }] as const;
const CGROUP_ROOTS = ['/sys/fs/cgroup/system.slice', '/sys/fs/cgroup/systemd/system.slice'];
const MAX_SERVICES = 5_000;
const CONCURRENCY = 16;

interface EnabledUnit {
  unit: string;
  /** The wants/ link (its target is the unit file). */
  link: string;
  system: boolean;
}

/** Description and the program of the first ExecStart of a unit file ([Unit]/[Service] keys). */
export function parseUnitFile(text: string): { description?: string; program?: string } {
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.*\\S)\\s*$`, 'm').exec(text)?.[1];
  const exec = value('ExecStart')?.replace(/^[-@:+!]+/, '');
  return { description: value('Description'), program: exec?.match(/"[^"]*"|\S+/)?.[0]?.replace(/^"|"$/g, '') };
}

/** `getty@tty1.service` -> `system-getty.slice/getty@tty1.service`; systemd escapes `-` in slice names. */
export function cgroupPath(unit: string): string {
  const at = unit.indexOf('@');
  if (at < 0) return unit;
  return `system-${unit.slice(0, at).replace(/-/g, '\\x2d')}.slice/${unit}`;
}

async function enabledUnits(fs: RootedFs): Promise<EnabledUnit[]> {
  const found = new Map<string, EnabledUnit>();
  for (const { dir, system } of SCOPES) {
    const wants = (await fs.list(dir)).filter((d) => d.endsWith('.wants') || d.endsWith('.requires'));
    const lists = await Promise.all(wants.map(async (w) => ({ w, units: await fs.list(`${dir}/${w}`) })));
    for (const { w, units } of lists) {
      for (const unit of units.filter((u) => u.endsWith('.service'))) {
        const key = `${system ? 'system' : 'user'}:${unit}`;
        if (!found.has(key)) found.set(key, { unit, link: `${dir}/${w}/${unit}`, system });
      }
    }
  }
  return [...found.values()];
}

async function cgroupRoot(fs: RootedFs): Promise<string | undefined> {
  for (const root of CGROUP_ROOTS) if (await fs.exists(root)) return root;
  return undefined;
}

export async function probeLinuxServices(context: ProbeContext, fs: RootedFs): Promise<ServiceFact[]> {
  const [units, cgroups] = await Promise.all([enabledUnits(fs), cgroupRoot(fs)]);
  if (units.length > MAX_SERVICES) context.warn(`${units.length} enabled units, kept the first ${MAX_SERVICES}`);
  return mapLimit(units.slice(0, MAX_SERVICES), CONCURRENCY, async ({ unit, link, system }): Promise<ServiceFact> => {
    const target = await fs.link(link);
    const file = target === undefined ? link : posix.resolve(posix.dirname(link), target);
    const text = await fs.text(file);
    const { description, program } = text === undefined ? {} : parseUnitFile(text);
    let state: ServiceFact['state'] = 'other';
    if (system && cgroups !== undefined) state = (await fs.exists(`${cgroups}/${cgroupPath(unit)}`)) ? 'running' : 'stopped';
    return {
      name: clip(unit, 255),
      displayName: clipOptional(description, 255),
      state,
      startType: 'auto',
      path: clipOptional(program, 1024),
    };
  });
}
