// Hand-maintained inputs of scripts/gen-remote-access-catalogue.ts: how LOLRMM entries are merged,
// which names are too generic to be evidence, which tool owns a name several entries list, and
// the Linux/macOS names LOLRMM lacks (it is Windows-centric). Edit here, then `npm run gen:catalogue`.

/** Entries that are one product under several LOLRMM names. `members` are LOLRMM `Name` values. */
export const MERGES: readonly { name: string; members: readonly string[]; aliases?: readonly string[] }[] = [
  { name: 'ScreenConnect', members: ['ScreenConnect', 'ConnectWise Control', 'ConnectWise'], aliases: ['ConnectWise ScreenConnect'] },
  { name: 'ConnectWise Automate', members: ['Connectwise Automate (LabTech)', 'LabTeach (Connectwise Automate)', 'LabTech RMM (Now ConnectWise Automate)'], aliases: ['LabTech'] },
  { name: 'Splashtop', members: ['Splashtop', 'Splashtop Remote', 'Splashtop (Beta)'] },
  { name: 'ISL Online', members: ['ISL Online', 'ISL Light'] },
  { name: 'NinjaOne', members: ['NinjaOne (formerly NinjaRMM)', 'NinjaRMM'] },
  { name: 'Remote Utilities', members: ['Remote Utilities', 'RemoteUtilities', 'Remote Manipulator System'] },
  { name: 'RealVNC', members: ['RealVNC', 'VNC Connect'], aliases: ['RealVNC Connect'] },
  { name: 'Level', members: ['Level.io', 'Level'] },
  { name: 'RemotePC', members: ['RemotePC', 'Access Remote PC'] },
  { name: 'Syncro', members: ['Syncro', 'Kabuto'] },
  { name: 'N-able', members: ['N-Able Advanced Monitoring Agent', 'N-ABLE Remote Access Software', 'BeAnyWhere'], aliases: ['N-able Take Control', 'N-sight'] },
  { name: 'Netop Remote Control', members: ['Netop', 'Netop Remote Control (aka Impero Connect)', 'Netop Remote Control (Impero Connect)', 'Impero Connect'] },
  { name: 'Devolutions Remote Desktop Manager', members: ['Devolutions Remote Desktop Manager', 'Remote Desktop Manager (Devolutions)'] },
  { name: 'Dev Tunnels', members: ['Dev Tunnels (aka Visual Studio Dev Tunnel)', 'Visual Studio Dev Tunnel'] },
  { name: 'ManageEngine Endpoint Central', members: ['Manage Engine (Desktop Central)', 'ManageEngine'], aliases: ['Desktop Central'] },
  { name: 'Royal TS', members: ['Royal Apps', 'Royal TS', 'Royal Server'] },
  { name: 'Itarian', members: ['Itarian', 'Comodo RMM'] },
  { name: 'Laplink', members: ['Laplink Everywhere', 'Laplink Gold'] },
  { name: 'eHorus', members: ['eHorus', 'Pandora RC (eHorus)'] },
  { name: 'GoTo Resolve', members: ['GoToAssist', 'GoToAssist (GoTo Resolve)', 'GoTo Opener'], aliases: ['GoToAssist'] },
];

/**
 * Tools an analyst reads as outbound clients or file transfer/sync: running them does not hand
 * anyone control of this laptop, so their findings are `low` instead of the signal's `high`.
 */
export const CLIENT_TOOLS: readonly string[] = [
  'Basecamp', 'BeInSync', 'Bitvise SSH Client', 'Chicken (of the VNC)', 'Chrome SSH Extension', 'Devolutions Remote Desktop Manager',
  'DragonDisk', 'Duplicati', 'ExtraPuTTY', 'Free Ping Tool', 'FreeRDP', 'iDrive', 'Insync', 'JollysFastVNC', 'KiTTY', 'Koofr',
  'MEGAsync', 'MobaXterm', 'Mocha VNC Lite', 'mRemoteNG', 'mstsc.exe (Microsoft Remote Desktop Connection)', 'MultCloud',
  'NordLocker', 'Onionshare', 'PuTTY', 'PuTTY Tray', 'RdClient', 'RDCMan', 'Remmina', 'Royal TS', 'S3 Browser', 'SecureCRT',
  'SmartFTP', 'SmarTTY', 'Solar-PuTTY', 'SuperPuTTY', 'Syncthing', 'Teleport Connect', 'Terminals', 'WinSCP', 'Xshell',
  'Yandex.Disk', 'ZOC',
];

/**
 * Process names (lowercase, without `.exe`) too generic to be evidence of any one tool: OS
 * processes, runtimes, words every vendor uses, and names of unrelated popular programs on other
 * platforms (`kitty` is KiTTY on Windows but a common terminal on Linux and macOS). Names under 4
 * characters are dropped by rule.
 */
export const GENERIC_PROCESS_NAMES: readonly string[] = [
  'agent', 'agent-installer-any', 'agent32', 'agent64', 'amon', 'appcore', 'autoupdate', 'bash', 'chrome', 'client', 'closeapp', 'cmd',
  'code', 'connect', 'conhost', 'cpuchk', 'csrss', 'daemon', 'dashboard', 'dllhost', 'explorer', 'finder', 'helper', 'host',
  'httpget', 'httppush', 'installer', 'installshield setup', 'java', 'javaw', 'kitty', 'launcher', 'level', 'lsass', 'migrationhelper_32',
  'migrationhelper_64', 'monitor', 'node', 'notificationhelper', 'online backup', 'perl', 'pidupdater', 'plink', 'powershell',
  'prep64', 'python', 'python3', 'recycler', 'regapps', 'remote', 'remote desktop', 'rundll32', 'selfupdater', 'server',
  'service', 'services', 'setup', 'sshd', 'support', 'supporttool', 'svchost', 'systemd', 'taskhostw', 'tray', 'uninstall',
  'update', 'update-shim', 'updater', 'upload', 'usernotificationhelper', 'vhost', 'windowslauncher', 'winlogon',
  'winpty-agent', 'winpty-agent64', 'xorg',
];

/** Globs (lowercase, without `.exe`) whose literal part is too generic. */
export const GENERIC_PROCESS_PATTERNS: readonly string[] = ['accessserver*', 'agentsetup-*', 'echoserver*', 'ultimate_*'];

/** Install paths (as written in LOLRMM) that cover a whole vendor or another product. */
export const DROPPED_INSTALL_PATHS: readonly string[] = [
  '*\\ManageEngine\\*',
  '*\\Yandex\\*',
  'C:\\Program Files (x86)\\Yandex\\*',
];

/** Names or paths one entry lists that belong to another product (tool name -> values, as written). */
export const REMOVALS: Readonly<Record<string, readonly string[]>> = {
  'Atera': ['syncrosetup.exe'],
  'ESET Remote Administrator': ['ezhelp*.exe'],
  'TigerVNC': ['C:\\Program Files\\TightVNC\\*', '*\\TightVNC\\*', '*\\tvnserver.exe'],
  'SmartCode Web VNC': ['C:\\Program Files\\TightVNC\\*', '*\\TightVNC\\*'],
  'Pocket Controller': ['pocketcloudservice.exe'],
  'GoToMyPC': ['G2MHost.exee'],
};

/**
 * Names several tools list, with the tool (catalogue id) that keeps them. Exact names beat globs
 * at match time, so only exact-name overlaps need an owner.
 */
export const SHARED_NAME_OWNERS: Readonly<Record<string, string>> = {
  'remote workforce client': 'screenconnect',
  'dwrcs': 'dameware',
  'winvnc': 'ultravnc',
  'vncviewer': 'vnc',
  'basupapp': 'n-able',
  'cloudwksinstall': 'faronics-deep-freeze',
  'royalts': 'royal-ts',
  'ltsvc': 'connectwise-automate',
  'g2mcomm': 'gotomypc',
  'vncserverui': 'realvnc',
};

/** Linux/macOS names and paths LOLRMM lacks, by catalogue id; and tools LOLRMM does not list. */
export interface Supplement {
  processes?: readonly string[];
  installPaths?: readonly string[];
  os?: readonly ('windows' | 'macos' | 'linux')[];
}

export const SUPPLEMENTS: Readonly<Record<string, Supplement>> = {
  'anydesk': { processes: ['anydesk'], installPaths: ['/usr/bin/anydesk', '/usr/libexec/anydesk'] },
  'teamviewer': {
    processes: ['TeamViewer', 'teamviewerd', 'TeamViewer_Service', 'TeamViewer_Desktop', 'tv_w32.exe', 'tv_x64.exe', 'TeamViewer_Service.exe'],
    installPaths: ['/opt/teamviewer/', '/Applications/TeamViewer.app', '/Applications/TeamViewerHost.app', '/Applications/TeamViewerQS.app'],
  },
  'rustdesk': { processes: ['rustdesk'], installPaths: ['/usr/bin/rustdesk', '/usr/share/rustdesk/', '/Applications/RustDesk.app'], os: ['linux', 'macos'] },
  'chrome-remote-desktop': {
    processes: ['remoting_me2me_host', 'chrome-remote-desktop-host', 'remote_assistance_host.exe', 'remoting_desktop.exe', 'ChromeRemoteDesktopHost'],
    installPaths: ['/opt/google/chrome-remote-desktop/', '/Library/PrivilegedHelperTools/ChromeRemoteDesktopHost.app'],
    os: ['linux', 'macos'],
  },
  'screenconnect': { installPaths: ['/opt/screenconnect-*/', '/opt/connectwisecontrol-*/', '/Applications/connectwisecontrol-*.app'] },
  'splashtop': { processes: ['Splashtop Streamer', 'SRStreamer'], installPaths: ['/Applications/Splashtop Streamer.app', '/opt/splashtop-streamer/'], os: ['macos', 'linux'] },
  'tightvnc': { processes: ['Xtightvnc'], os: ['linux'] },
  'tigervnc': { processes: ['Xvnc', 'Xtigervnc', 'x0vncserver', 'w0vncserver', 'tigervncserver'], os: ['windows', 'linux'] },
  'realvnc': {
    processes: ['vncserver-x11', 'vncserver-x11-core', 'vncserver-x11-serviced', 'vncserver-virtual', 'vncserverui.exe', 'vncagent'],
    installPaths: ['/Library/vnc/', '/usr/lib/vnc/'],
    os: ['linux', 'macos'],
  },
  'vnc': { processes: ['vncserver'] },
  'x11vnc': { processes: ['x11vnc'], os: ['linux'] },
  'wayvnc': { processes: ['wayvnc'], os: ['linux'] },
  'xrdp': { processes: ['xrdp', 'xrdp-sesman'], installPaths: ['/usr/sbin/xrdp', '/usr/sbin/xrdp-sesman'], os: ['linux'] },
  'nomachine': { processes: ['nxserver.bin', 'nxnode.bin', 'nxservice*.exe'], installPaths: ['/usr/NX/', '/Applications/NoMachine.app'], os: ['windows', 'linux', 'macos'] },
  'parsec': { installPaths: ['/Applications/Parsec.app'] },
  'dw-service': { installPaths: ['/usr/share/dwagent/'], os: ['linux', 'macos'] },
  'ninjaone': { processes: ['ninjarmm-macagent', 'ninjarmm-linagent'], installPaths: ['/Applications/NinjaRMMAgent/', '/opt/NinjaRMMAgent/'], os: ['windows', 'macos', 'linux'] },
  'supremo': { installPaths: ['/Applications/Supremo.app'] },
  'hoptodesk': { installPaths: ['/Applications/HopToDesk.app'] },
  'zoho-assist': { processes: ['ZohoURSService.exe', 'ZohoMeeting.exe'] },
};

/** Tools LOLRMM does not list; each also needs a SUPPLEMENTS entry with its names. */
export const EXTRA_TOOLS: readonly { id: string; name: string; category: 'RMM' | 'RAT'; description: string }[] = [
  { id: 'x11vnc', name: 'x11vnc', category: 'RAT', description: 'VNC server sharing an existing X11 display.' },
  { id: 'wayvnc', name: 'wayvnc', category: 'RAT', description: 'VNC server for wlroots-based Wayland compositors.' },
];
