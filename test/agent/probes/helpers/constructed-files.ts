// The /etc, /usr, /opt, /run and cgroup files of the constructed laptops that describe installed
// software, services, proxies, DNS and keyboard layouts. Contents follow what Ubuntu 24.04 ships
// (desktop entries, unit files, systemd-resolved's stub resolv.conf); Astrill's install directory,
// its 127.0.0.1:12344 proxy and the Korean layout come from shared/knowledge/laptop-farms.md §4.
import type { ExtraFileSpec } from './linux-tree.js';

const desktopEntry = (name: string, exec: string) =>
  `[Desktop Entry]\nVersion=1.0\nType=Application\nName=${name}\nExec=${exec}\nTerminal=false\n\n[Desktop Action new-window]\nName=New Window\nExec=${exec} --new-window\n`;

const unit = (description: string, execStart: string) =>
  `[Unit]\nDescription=${description}\n\n[Service]\nExecStart=${execStart}\n\n[Install]\nWantedBy=multi-user.target\n`;

const PATH_LINE = 'PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"\n';
const keyboard = (layout: string, variant: string) => `XKBMODEL="pc105"\nXKBLAYOUT="${layout}"\nXKBVARIANT="${variant}"\nXKBOPTIONS=""\n\nBACKSPACE="guess"\n`;

/** An ordinary laptop: US keyboard, systemd-resolved, a browser, a terminal, VS Code, Chrome in /opt, cups and avahi enabled and running. */
export const NORMAL_LAPTOP_FILES: ExtraFileSpec[] = [
  { path: '/etc/default/keyboard', content: keyboard('us', '') },
  { path: '/etc/environment', content: PATH_LINE },
  { path: '/etc/resolv.conf', content: '# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n' },
  { path: '/run/systemd/resolve/resolv.conf', content: '# This is /run/systemd/resolve/resolv.conf managed by man:systemd-resolved(8).\nnameserver 192.168.1.1\nsearch .\n' },
  { path: '/usr/share/applications/firefox_firefox.desktop', content: desktopEntry('Firefox Web Browser', 'env BAMF_DESKTOP_FILE_HINT=/var/lib/snapd/desktop/applications/firefox_firefox.desktop /snap/bin/firefox %u') },
  { path: '/usr/share/applications/org.gnome.Terminal.desktop', content: desktopEntry('Terminal', 'gnome-terminal') },
  { path: '/usr/share/applications/code.desktop', content: desktopEntry('Visual Studio Code', '/usr/share/code/code %F') },
  { path: '/opt/google/chrome/google-chrome', content: '#!/bin/bash\n' },
  { path: '/usr/local/aws-cli/v2/current/bin/aws', content: '' },
  { path: '/usr/local/bin/aws', link: '/usr/local/aws-cli/v2/current/bin/aws' },
  { path: '/etc/systemd/system/multi-user.target.wants/cups.service', link: '/usr/lib/systemd/system/cups.service' },
  { path: '/etc/systemd/system/multi-user.target.wants/avahi-daemon.service', link: '/usr/lib/systemd/system/avahi-daemon.service' },
  { path: '/usr/lib/systemd/system/cups.service', content: unit('CUPS Scheduler', '/usr/sbin/cupsd -l') },
  { path: '/usr/lib/systemd/system/avahi-daemon.service', content: unit('Avahi mDNS/DNS-SD Stack', '/usr/sbin/avahi-daemon -s') },
  { path: '/sys/fs/cgroup/system.slice/cups.service/cgroup.procs', content: '812\n' },
  { path: '/sys/fs/cgroup/system.slice/avahi-daemon.service/cgroup.procs', content: '830\n' },
];

/** The VPN laptop: Astrill installed under /usr/local/Astrill, its local proxy in /etc/environment, a US + Korean keyboard. */
export const VPN_LAPTOP_FILES: ExtraFileSpec[] = [
  ...NORMAL_LAPTOP_FILES.filter((f) => f.path !== '/etc/environment' && f.path !== '/etc/default/keyboard'),
  { path: '/etc/default/keyboard', content: keyboard('us,kr', ',kr104') },
  { path: '/etc/environment', content: `${PATH_LINE}http_proxy="http://127.0.0.1:12344/"\nhttps_proxy="http://127.0.0.1:12344/"\nno_proxy="localhost,127.0.0.1"\n` },
  { path: '/usr/local/Astrill/astrill', content: '' },
];
