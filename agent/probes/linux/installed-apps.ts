// Installed software on Linux, cheaply: desktop entries (Name, Exec program) from the system,
// Flatpak and Snap application directories; the directories under /opt and the non-standard ones
// under /usr/local; and the fixed install paths the remote-access and VPN catalogues list outside
// those (`/usr/NX`, `/usr/sbin/xrdp`, `/usr/sbin/nordvpnd`...): about 3 ms on a warm system. No
// package database is parsed: splitting dpkg's status file took 20-90 ms for 800 packages
// (0.7 MB) on the development VM, desktops carry several times that, and it names packages
// rather than what runs; the catalogue paths find the same tools.
import { posix } from 'node:path';
import type { InstalledAppFact } from '../../../shared/schema/facts.js';
import { REMOTE_ACCESS_CATALOGUE } from '../../catalogues/remote-access.js';
import { VPN_CLIENTS } from '../../catalogues/vpn-clients.js';
import type { ProbeContext } from '../run-probe.js';
import { mapLimit } from '../util/limit.js';
import type { RootedFs } from '../util/rooted-fs.js';
import { clip, clipOptional } from '../util/text.js';

const DESKTOP_DIRS = ['/usr/share/applications', '/usr/local/share/applications', '/var/lib/flatpak/exports/share/applications', '/var/lib/snapd/desktop/applications'];
/** The FHS directories of /usr/local: everything else there was put by an installer. */
const USR_LOCAL_STANDARD = new Set(['bin', 'etc', 'games', 'include', 'lib', 'lib32', 'lib64', 'libx32', 'libexec', 'man', 'sbin', 'share', 'src']);
/** Launchers whose Exec program says nothing about the application. */
const LAUNCHERS = new Set(['env', 'flatpak', 'snap', 'sh', 'bash', 'pkexec', 'gksu', 'sudo']);
const MAX_APPS = 10_000;
const CONCURRENCY = 16;

/** Catalogue install paths that are fixed POSIX paths outside /opt, /usr/local and macOS folders. */
export const KNOWN_LINUX_PATHS: readonly string[] = [...new Set(
  [...REMOTE_ACCESS_CATALOGUE.tools.flatMap((t) => t.installPaths), ...VPN_CLIENTS.flatMap((c) => c.installPaths)]
    .filter((p) => p.startsWith('/') && !/[*?]/.test(p) && !/^\/(opt|usr\/local|Applications|Library|System)\//.test(p))
    .map((p) => p.replace(/\/$/, '')),
)].sort();

/** The [Desktop Entry] group of a .desktop file: Name, Exec program, and whether it is a live application. */
export function parseDesktopEntry(text: string): { name?: string; exec?: string } | undefined {
  const fields = new Map<string, string>();
  let inEntry = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inEntry = line === '[Desktop Entry]';
      continue;
    }
    const eq = line.indexOf('=');
    if (!inEntry || eq < 1 || line.startsWith('#')) continue;
    const key = line.slice(0, eq).trim();
    if (!fields.has(key)) fields.set(key, line.slice(eq + 1).trim());
  }
  if ((fields.get('Type') ?? 'Application') !== 'Application' || fields.get('Hidden') === 'true') return undefined;
  return { name: fields.get('Name'), exec: execProgram(fields.get('Exec')) };
}

/** The program an Exec line runs, skipping `env VAR=x`; undefined for generic launchers (flatpak run ...). */
export function execProgram(exec: string | undefined): string | undefined {
  if (exec === undefined) return undefined;
  const tokens = exec.match(/"[^"]*"|\S+/g)?.map((t) => t.replace(/^"|"$/g, '')) ?? [];
  let index = 0;
  if (tokens[0] !== undefined && posix.basename(tokens[0]) === 'env') {
    index = 1;
    while (tokens[index]?.includes('=') || tokens[index]?.startsWith('-')) index += tokens[index] === '-u' || tokens[index] === '--unset' ? 2 : 1;
  }
  const program = tokens[index];
  if (program === undefined || program.startsWith('%') || LAUNCHERS.has(posix.basename(program))) return undefined;
  return program;
}

async function desktopEntries(fs: RootedFs): Promise<InstalledAppFact[]> {
  const files = (await Promise.all(DESKTOP_DIRS.map(async (dir) => (await fs.list(dir)).filter((f) => f.endsWith('.desktop')).map((f) => `${dir}/${f}`)))).flat();
  const apps = await mapLimit(files, CONCURRENCY, async (file): Promise<InstalledAppFact | undefined> => {
    const text = await fs.text(file);
    const entry = text === undefined ? undefined : parseDesktopEntry(text);
    if (!entry) return undefined;
    const name = clipOptional(entry.name, 255) ?? clip(posix.basename(file, '.desktop'), 255);
    return { name, path: clipOptional(entry.exec, 1024), source: 'desktop-entry' };
  });
  return apps.filter((a): a is InstalledAppFact => a !== undefined);
}

async function directories(fs: RootedFs): Promise<InstalledAppFact[]> {
  const [opt, usrLocal] = await Promise.all([fs.list('/opt'), fs.list('/usr/local')]);
  return [
    ...opt.map((name) => ({ name: clip(name, 255), path: clip(`/opt/${name}`, 1024), source: 'opt' })),
    ...usrLocal.filter((name) => !USR_LOCAL_STANDARD.has(name)).map((name) => ({ name: clip(name, 255), path: clip(`/usr/local/${name}`, 1024), source: 'usr-local' })),
  ];
}

async function knownPaths(fs: RootedFs): Promise<InstalledAppFact[]> {
  const present = await mapLimit(KNOWN_LINUX_PATHS, CONCURRENCY, async (path) => ((await fs.exists(path)) ? path : undefined));
  return present.filter((p): p is string => p !== undefined).map((path) => ({ name: posix.basename(path), path, source: 'known-path' }));
}

export async function probeLinuxInstalledApps(context: ProbeContext, fs: RootedFs): Promise<InstalledAppFact[]> {
  const apps = (await Promise.all([desktopEntries(fs), directories(fs), knownPaths(fs)])).flat();
  if (apps.length > MAX_APPS) context.warn(`${apps.length} installed items, kept the first ${MAX_APPS}`);
  return apps.slice(0, MAX_APPS);
}
