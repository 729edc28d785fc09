// The Linux probes for installed software, services, proxies, DNS and keyboard layouts, over the
// constructed fixtures and over small trees written to a temporary directory for the edge cases.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFacts } from '../../../agent/probes/index.js';
import { probeLinuxDns } from '../../../agent/probes/linux/dns.js';
import { probeLinuxHost, xkbLayouts } from '../../../agent/probes/linux/host.js';
import { execProgram, KNOWN_LINUX_PATHS, parseDesktopEntry, probeLinuxInstalledApps } from '../../../agent/probes/linux/installed-apps.js';
import { parseEnvironmentFile, probeLinuxProxies, proxyFromUrl } from '../../../agent/probes/linux/proxies.js';
import { cgroupPath, parseUnitFile, probeLinuxServices } from '../../../agent/probes/linux/services.js';
import type { ProbeContext } from '../../../agent/probes/run-probe.js';
import { RootedFs } from '../../../agent/probes/util/rooted-fs.js';
import { Facts } from '../../../shared/schema/facts.js';
import { fixtureRoot } from './helpers/paths.js';

describe('normal-laptop and vpn-laptop (constructed)', () => {
  it('normal-laptop: desktop entries, /opt and /usr/local, enabled services with their state, DNS upstream of the stub, US layout', async () => {
    const facts = await collectFacts({ root: fixtureRoot('normal-laptop'), platform: 'linux' });
    expect(() => Facts.parse(facts)).not.toThrow();
    const health = Object.fromEntries(facts.probes.map((p) => [p.probe, p]));
    for (const part of ['installedApps', 'services', 'proxies', 'dnsServers']) expect(health[part], part).toMatchObject({ ok: true });
    expect(facts.installedApps).toEqual([
      { name: 'Visual Studio Code', path: '/usr/share/code/code', source: 'desktop-entry' },
      { name: 'Firefox Web Browser', path: '/snap/bin/firefox', source: 'desktop-entry' },
      { name: 'Terminal', path: 'gnome-terminal', source: 'desktop-entry' },
      { name: 'google', path: '/opt/google', source: 'opt' },
      { name: 'aws-cli', path: '/usr/local/aws-cli', source: 'usr-local' },
    ]);
    expect([...facts.services].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'avahi-daemon.service', displayName: 'Avahi mDNS/DNS-SD Stack', state: 'running', startType: 'auto', path: '/usr/sbin/avahi-daemon' },
      { name: 'cups.service', displayName: 'CUPS Scheduler', state: 'running', startType: 'auto', path: '/usr/sbin/cupsd' },
    ]);
    expect(facts.proxies).toEqual([]);
    expect(facts.dnsServers).toEqual(['192.168.1.1']);
    expect(facts.host.keyboardLayouts).toEqual(['us']);
  });

  it('vpn-laptop: Astrill under /usr/local, its loopback proxy from /etc/environment, a Korean layout', async () => {
    const facts = await collectFacts({ root: fixtureRoot('vpn-laptop'), platform: 'linux' });
    expect(facts.installedApps).toContainEqual({ name: 'Astrill', path: '/usr/local/Astrill', source: 'usr-local' });
    expect(facts.proxies).toEqual([
      { source: 'etc-environment', kind: 'http', server: '127.0.0.1:12344' },
      { source: 'etc-environment', kind: 'https', server: '127.0.0.1:12344' },
    ]);
    expect(facts.host.keyboardLayouts).toEqual(['us', 'kr(kr104)']);
  });
});

describe('Linux software probes on written trees', () => {
  let root: string;
  const context: ProbeContext = { signal: new AbortController().signal, warn: () => undefined };
  const fs = () => new RootedFs(root, context.signal);
  const write = async (path: string, content: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  };
  const link = async (path: string, target: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await symlink(target, join(root, path));
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'farmwatch-software-'));
    await write('proc/sys/kernel/hostname', 'box\n');
    await write('usr/share/applications/anydesk.desktop', '[Desktop Entry]\nName=AnyDesk\nName[ko]=애니데스크\nExec=/usr/bin/anydesk %u\nType=Application\n');
    await write('usr/share/applications/gone.desktop', '[Desktop Entry]\nName=Gone\nExec=gone\nHidden=true\n');
    await write('usr/share/applications/site.desktop', '[Desktop Entry]\nName=Intranet\nType=Link\nURL=https://intranet\n');
    await write('usr/share/applications/readme.txt', 'not a desktop entry');
    await write('var/lib/flatpak/exports/share/applications/com.rustdesk.RustDesk.desktop', '[Desktop Entry]\nName=RustDesk\nExec=/usr/bin/flatpak run --branch=stable com.rustdesk.RustDesk\n');
    await write('usr/NX/bin/nxserver', '');
    await write('opt/teamviewer/tv_bin/teamviewerd', '');
    await link('etc/systemd/system/multi-user.target.wants/chrome-remote-desktop@alice.service', '../../../../lib/systemd/system/chrome-remote-desktop@.service');
    await write('lib/systemd/system/chrome-remote-desktop@.service', '[Unit]\nDescription=Chrome Remote Desktop instance for %I\n[Service]\nExecStart=-"/opt/google/chrome-remote-desktop/chrome-remote-desktop" --start\n');
    await link('etc/systemd/system/multi-user.target.wants/xrdp.service', '/lib/systemd/system/xrdp.service');
    await write('lib/systemd/system/xrdp.service', '[Unit]\nDescription=xrdp daemon\n[Service]\nExecStart=/usr/sbin/xrdp $XRDP_OPTIONS --nodaemon\n');
    await link('etc/systemd/system/timers.target.wants/apt-daily.timer', '/lib/systemd/system/apt-daily.timer');
    await link('etc/systemd/user/default.target.wants/x11vnc.service', '/usr/lib/systemd/user/x11vnc.service');
    await write('sys/fs/cgroup/system.slice/system-chrome\\x2dremote\\x2ddesktop.slice/chrome-remote-desktop@alice.service/cgroup.procs', '4242\n');
    await write('etc/environment', 'export ALL_PROXY=socks5h://bob:secret@10.0.0.9:1080\nhttps_proxy=\nNO_PROXY=localhost\n');
    await write('etc/resolv.conf', 'nameserver 127.0.0.53\n');
    await write('etc/vconsole.conf', 'KEYMAP=ru\nFONT=eurlatgr\n');
    await write('etc/X11/xorg.conf.d/00-keyboard.conf', 'Section "InputClass"\n  Option "XkbLayout" "us,ru"\n  Option "XkbVariant" ",phonetic"\nEndSection\n');
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('reads live desktop entries only, skips launchers, and finds catalogue paths outside /opt', async () => {
    const apps = await probeLinuxInstalledApps(context, fs());
    expect(apps).toEqual([
      { name: 'AnyDesk', path: '/usr/bin/anydesk', source: 'desktop-entry' },
      { name: 'RustDesk', source: 'desktop-entry' },
      { name: 'teamviewer', path: '/opt/teamviewer', source: 'opt' },
      { name: 'NX', path: '/usr/NX', source: 'known-path' },
    ]);
    expect(KNOWN_LINUX_PATHS).toContain('/usr/sbin/xrdp');
    expect(KNOWN_LINUX_PATHS.some((p) => p.startsWith('/opt/') || p.startsWith('/Applications'))).toBe(false);
  });

  it('reads enabled system and user services, templated units and their cgroup state', async () => {
    const services = await probeLinuxServices(context, fs());
    expect([...services].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'chrome-remote-desktop@alice.service', displayName: 'Chrome Remote Desktop instance for %I', state: 'running', startType: 'auto', path: '/opt/google/chrome-remote-desktop/chrome-remote-desktop' },
      { name: 'x11vnc.service', state: 'other', startType: 'auto' },
      { name: 'xrdp.service', displayName: 'xrdp daemon', state: 'stopped', startType: 'auto', path: '/usr/sbin/xrdp' },
    ]);
  });

  it('reads proxies without credentials, a SOCKS all_proxy, and ignores empty values and no_proxy', async () => {
    expect(await probeLinuxProxies(context, fs())).toEqual([{ source: 'etc-environment', kind: 'socks', server: '10.0.0.9:1080' }]);
  });

  it('keeps the resolved stub when the upstream file is missing', async () => {
    expect(await probeLinuxDns(context, fs())).toEqual(['127.0.0.53']);
  });

  it('reads vconsole and the X11 keyboard file', async () => {
    const host = await probeLinuxHost(context, fs());
    expect(host.keyboardLayouts).toEqual(['ru', 'us', 'ru(phonetic)']);
  });
});

describe.runIf(process.platform === 'linux')('proxies of the live system', () => {
  it('labels the agent\'s own environment as `env` and keeps no credentials', async () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://user:secret@127.0.0.1:12344/';
    try {
      const context: ProbeContext = { signal: new AbortController().signal, warn: () => undefined };
      const proxies = await probeLinuxProxies(context, new RootedFs('', context.signal));
      expect(proxies).toContainEqual({ source: 'env', kind: 'https', server: '127.0.0.1:12344' });
      expect(JSON.stringify(proxies)).not.toContain('secret');
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});

describe('Linux software parsers', () => {
  it('parses desktop entries and Exec lines', () => {
    expect(parseDesktopEntry('[Desktop Entry]\nName=X\nExec="/opt/My App/x" --flag\n[Desktop Action a]\nName=Y\n')).toEqual({ name: 'X', exec: '/opt/My App/x' });
    expect(parseDesktopEntry('[Desktop Entry]\nType=Directory\nName=X\n')).toBeUndefined();
    expect(execProgram('env GDK_BACKEND=x11 -u FOO /usr/bin/app %U')).toBe('/usr/bin/app');
    expect(execProgram('flatpak run org.x.Y')).toBeUndefined();
    expect(execProgram('%U')).toBeUndefined();
    expect(execProgram(undefined)).toBeUndefined();
  });

  it('parses unit files and cgroup paths', () => {
    expect(parseUnitFile('[Service]\nExecStart=@/usr/bin/a b c\nExecStart=/second\n')).toEqual({ description: undefined, program: '/usr/bin/a' });
    expect(cgroupPath('getty@tty1.service')).toBe('system-getty.slice/getty@tty1.service');
    expect(cgroupPath('cups.service')).toBe('cups.service');
  });

  it('parses environment files and proxy URLs', () => {
    expect(parseEnvironmentFile('A="1"\nexport B=\'2\'\n# c=3\nbad line\n')).toEqual(new Map([['A', '1'], ['B', '2']]));
    expect(proxyFromUrl('http://[::1]:8080/', 'http', 'env')).toEqual({ source: 'env', kind: 'http', server: '[::1]:8080' });
    expect(proxyFromUrl('proxy.corp:3128', 'https', 'env')).toEqual({ source: 'env', kind: 'https', server: 'proxy.corp:3128' });
    expect(proxyFromUrl('http://', 'http', 'env')).toBeUndefined();
  });

  it('pairs XKB layouts with their variants', () => {
    expect(xkbLayouts('us,kr', ',kr104')).toEqual(['us', 'kr(kr104)']);
    expect(xkbLayouts('', 'x')).toEqual([]);
    expect(xkbLayouts(undefined, undefined)).toEqual([]);
  });
});
