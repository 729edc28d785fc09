// Host identity on Linux. DMI serial and UUID are readable only by root: left undefined otherwise.
import { machine } from 'node:os';
import type { HostFacts } from '../../../shared/schema/facts.js';
import type { ProbeContext } from '../run-probe.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional } from '../util/text.js';

/** Value of KEY=value / KEY="value" in os-release and locale files. */
export function shellVar(text: string | undefined, key: string): string | undefined {
  if (text === undefined) return undefined;
  const match = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
  if (!match) return undefined;
  return (match[1] as string).trim().replace(/^(["'])(.*)\1$/, '$2');
}

async function readTimezone(fs: RootedFs): Promise<string | undefined> {
  // TZ and Intl describe the agent process, which is this system only when not reading a fixture.
  if (fs.isLive && process.env.TZ) return process.env.TZ.replace(/^:/, '');
  const fromFile = (await fs.line('/etc/timezone'))?.trim() || (await fs.link('/etc/localtime'))?.split('zoneinfo/')[1];
  if (fromFile || !fs.isLive) return fromFile;
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

async function readLocale(fs: RootedFs): Promise<string | undefined> {
  if (fs.isLive) {
    const fromEnv = process.env.LC_ALL || process.env.LANG;
    if (fromEnv) return fromEnv;
  }
  const fromFile = shellVar(await fs.text('/etc/default/locale'), 'LANG') ?? shellVar(await fs.text('/etc/locale.conf'), 'LANG');
  if (fromFile || !fs.isLive) return fromFile;
  return Intl.DateTimeFormat().resolvedOptions().locale;
}

/** `us,kr` + `,kr104` -> `us`, `kr(kr104)` (XKB's own layout(variant) notation). */
export function xkbLayouts(layouts: string | undefined, variants: string | undefined): string[] {
  if (!layouts) return [];
  const variantList = (variants ?? '').split(',');
  return layouts.split(',').map((l, i) => {
    const layout = l.trim();
    const variant = variantList[i]?.trim();
    return layout && variant ? `${layout}(${variant})` : layout;
  }).filter((l) => l !== '');
}

const xorgOption = (text: string | undefined, option: string) => (text === undefined ? undefined : new RegExp(`Option\\s+"${option}"\\s+"([^"]*)"`, 'i').exec(text)?.[1]);

/**
 * Configured keyboard layouts: Debian's /etc/default/keyboard, systemd's /etc/vconsole.conf
 * (console KEYMAP and XKBLAYOUT) and localectl's X11 file. Desktop per-user input sources
 * (GNOME dconf, IBus engines) live in home directories and are not read.
 */
async function readKeyboardLayouts(fs: RootedFs): Promise<string[] | undefined> {
  const [keyboard, vconsole, xorg] = await Promise.all([
    fs.text('/etc/default/keyboard'), fs.text('/etc/vconsole.conf'), fs.text('/etc/X11/xorg.conf.d/00-keyboard.conf'),
  ]);
  const layouts = [
    ...xkbLayouts(shellVar(keyboard, 'XKBLAYOUT'), shellVar(keyboard, 'XKBVARIANT')),
    ...xkbLayouts(shellVar(vconsole, 'XKBLAYOUT'), shellVar(vconsole, 'XKBVARIANT')),
    ...xkbLayouts(shellVar(vconsole, 'KEYMAP'), undefined),
    ...xkbLayouts(xorgOption(xorg, 'XkbLayout'), xorgOption(xorg, 'XkbVariant')),
  ];
  const unique = [...new Set(layouts.map((l) => clip(l, 128)))].slice(0, 64);
  return unique.length ? unique : undefined;
}

export async function probeLinuxHost(_context: ProbeContext, fs: RootedFs): Promise<HostFacts> {
  const [hostname, osRelease, kernel, arch, serial, uuid, vendor, model, uptime, timezone, locale, keyboardLayouts] = await Promise.all([
    fs.requiredText('/proc/sys/kernel/hostname'),
    fs.text('/etc/os-release'),
    fs.line('/proc/sys/kernel/osrelease'),
    fs.line('/proc/sys/kernel/arch'),
    fs.line('/sys/class/dmi/id/product_serial'),
    fs.line('/sys/class/dmi/id/product_uuid'),
    fs.line('/sys/class/dmi/id/sys_vendor'),
    fs.line('/sys/class/dmi/id/product_name'),
    fs.line('/proc/uptime'),
    readTimezone(fs),
    readLocale(fs),
    readKeyboardLayouts(fs),
  ]);
  const uptimeSec = uptime === undefined ? undefined : Number.parseFloat(uptime.split(' ')[0] ?? '');
  return {
    hostname: clip(hostname.trim(), 255),
    osRelease: clip(shellVar(osRelease, 'PRETTY_NAME') ?? (kernel ? `Linux ${kernel}` : 'Linux'), 255),
    // /proc/sys/kernel/arch exists since Linux 6.1; before that only the live system can tell.
    arch: clip(arch ?? (fs.isLive ? machine() : 'unknown'), 32),
    serial: clipOptional(serial, 128),
    hardwareUuid: clipOptional(uuid, 128),
    manufacturer: clipOptional(vendor, 255),
    model: clipOptional(model, 255),
    timezone: clipOptional(timezone, 64),
    locale: clipOptional(locale, 64),
    uptimeSec: uptimeSec !== undefined && Number.isFinite(uptimeSec) && uptimeSec >= 0 ? uptimeSec : undefined,
    keyboardLayouts,
  };
}
