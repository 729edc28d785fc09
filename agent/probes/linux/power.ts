// Power posture from sysfs/procfs: AC and battery from <root>/sys/class/power_supply/*
// (type, online, present, scope), the lid from /proc/acpi/button/lid/*/state. Sleep counts as
// disabled only when that is cheap to know for sure: systemd's sleep.target or suspend.target
// masked (a link to /dev/null); otherwise it stays undefined rather than guessed.
import type { PowerFact } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';

const POWER_SUPPLY = '/sys/class/power_supply';
const LID = '/proc/acpi/button/lid';
const MASKABLE_SLEEP_UNITS = ['/etc/systemd/system/sleep.target', '/etc/systemd/system/suspend.target'];

interface Supply {
  type?: string;
  online?: string;
  present?: string;
  scope?: string;
}

/** `state:      closed` -> true. */
export function parseLidState(text: string | undefined): boolean | undefined {
  const match = /state:\s*(open|closed)/i.exec(text ?? '');
  return match ? (match[1] as string).toLowerCase() === 'closed' : undefined;
}

export function summarisePower(supplies: readonly Supply[]): Pick<PowerFact, 'onAc' | 'batteryPresent'> {
  if (supplies.length === 0) return {};
  // Batteries of peripherals (a wireless mouse) have scope Device; the laptop's own have none or System.
  const batteries = supplies.filter((s) => s.type === 'Battery' && s.scope !== 'Device');
  const chargers = supplies.filter((s) => s.type === 'Mains' || s.type === 'USB' || s.type === 'USB_C' || s.type === 'USB_PD');
  return {
    onAc: chargers.length > 0 ? chargers.some((s) => s.online === '1') : undefined,
    batteryPresent: batteries.some((s) => s.present !== '0'),
  };
}

async function readSupply(fs: RootedFs, name: string): Promise<Supply> {
  const dir = `${POWER_SUPPLY}/${name}`;
  const [type, online, present, scope] = await Promise.all(['type', 'online', 'present', 'scope'].map((f) => fs.line(`${dir}/${f}`)));
  return { type: type?.trim(), online: online?.trim(), present: present?.trim(), scope: scope?.trim() };
}

async function readLid(fs: RootedFs): Promise<boolean | undefined> {
  const lids = (await fs.list(LID)).sort();
  const states = await Promise.all(lids.map(async (lid) => parseLidState(await fs.text(`${LID}/${lid}/state`))));
  const known = states.filter((s): s is boolean => s !== undefined);
  return known.length === 0 ? undefined : known.some(Boolean);
}

async function sleepMasked(fs: RootedFs): Promise<true | undefined> {
  const targets = await Promise.all(MASKABLE_SLEEP_UNITS.map((unit) => fs.link(unit)));
  return targets.some((target) => target === '/dev/null') ? true : undefined;
}

export async function probeLinuxPower(_context: ProbeContext, fs: RootedFs): Promise<PowerFact> {
  const names = (await fs.list(POWER_SUPPLY)).sort();
  const [supplies, lidClosed, sleepDisabled] = await Promise.all([mapLimit(names, 8, (name) => readSupply(fs, name)), readLid(fs), sleepMasked(fs)]);
  const power: PowerFact = { ...summarisePower(supplies), lidClosed, sleepDisabled };
  return Object.fromEntries(Object.entries(power).filter(([, v]) => v !== undefined)) as PowerFact;
}
