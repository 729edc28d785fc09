import { readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { Platform, ProcessFact } from '../../../shared/index.js';
import { REMOTE_ACCESS_CATALOGUE } from '../../../agent/catalogues/remote-access.js';
import { detectRemoteAccess } from '../../../agent/detect/remote-access.js';
import { installPathRegex } from '../../../agent/detect/remote-access-matcher.js';
import { startDecoy } from '../../support/decoy-process.js';
import { buildFacts, DEFAULT_POLICY, policy, proc } from './facts-builder.js';

const tool = (id: string) => {
  const found = REMOTE_ACCESS_CATALOGUE.tools.find((t) => t.id === id);
  if (!found) throw new Error(`catalogue has no tool ${id}`);
  return found;
};

function run(platform: Platform, processes: ProcessFact[], pol = DEFAULT_POLICY) {
  const findings = detectRemoteAccess(buildFacts({ platform, processes }), pol);
  for (const f of findings) Finding.parse(f);
  return findings;
}

interface Row {
  platform: Platform;
  toolId: string;
  /** The catalogue entry (process name or install path) the row exercises, verbatim. */
  catalogue: string;
  process: Omit<ProcessFact, 'pid'>;
}

// 30+ tools, each row tied to a name or path the generated catalogue really holds.
const TABLE: Row[] = [
  // Windows
  { platform: 'win32', toolId: 'anydesk', catalogue: 'AnyDesk.exe', process: { name: 'AnyDesk.exe', path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' } },
  { platform: 'win32', toolId: 'teamviewer', catalogue: 'TeamViewer_Service.exe', process: { name: 'TeamViewer_Service.exe', path: 'C:\\Program Files\\TeamViewer\\TeamViewer_Service.exe' } },
  { platform: 'win32', toolId: 'screenconnect', catalogue: 'ScreenConnect.ClientService.exe', process: { name: 'ScreenConnect.ClientService.exe', path: 'C:\\Program Files (x86)\\ScreenConnect Client (8e2bc1)\\ScreenConnect.ClientService.exe' } },
  { platform: 'win32', toolId: 'splashtop', catalogue: 'SRServer.exe', process: { name: 'SRServer.exe' } },
  { platform: 'win32', toolId: 'tightvnc', catalogue: 'tvnserver.exe', process: { name: 'tvnserver.exe' } },
  { platform: 'win32', toolId: 'ultravnc', catalogue: 'winvnc.exe', process: { name: 'winvnc.exe' } },
  { platform: 'win32', toolId: 'logmein', catalogue: 'logmein.exe', process: { name: 'LogMeIn.exe' } },
  { platform: 'win32', toolId: 'goto-resolve', catalogue: 'GoToResolveService.exe', process: { name: 'GoToResolveService.exe' } },
  { platform: 'win32', toolId: 'beyondtrust', catalogue: 'bomgar-scc.exe', process: { name: 'bomgar-scc.exe' } },
  { platform: 'win32', toolId: 'zoho-assist', catalogue: 'ZohoURSService.exe', process: { name: 'ZohoURSService.exe' } },
  { platform: 'win32', toolId: 'supremo', catalogue: 'supremoservice.exe', process: { name: 'SupremoService.exe' } },
  { platform: 'win32', toolId: 'ammyy-admin', catalogue: 'AMMYY_Admin.exe', process: { name: 'AMMYY_Admin.exe' } },
  { platform: 'win32', toolId: 'radmin', catalogue: 'RServer3.exe', process: { name: 'rserver3.exe', path: 'C:\\Windows\\SysWOW64\\rserver30\\rserver3.exe' } },
  { platform: 'win32', toolId: 'atera', catalogue: 'AteraAgent.exe', process: { name: 'AteraAgent.exe' } },
  { platform: 'win32', toolId: 'ninjaone', catalogue: 'NinjaRMMAgent.exe', process: { name: 'NinjaRMMAgent.exe' } },
  { platform: 'win32', toolId: 'kaseya', catalogue: 'agentmon.exe', process: { name: 'AgentMon.exe' } },
  { platform: 'win32', toolId: 'n-able', catalogue: 'BASupSrvc.exe', process: { name: 'BASupSrvc.exe' } },
  { platform: 'win32', toolId: 'action1', catalogue: 'action1_agent.exe', process: { name: 'action1_agent.exe' } },
  { platform: 'win32', toolId: 'remote-utilities', catalogue: 'rutserv.exe', process: { name: 'rutserv.exe' } },
  { platform: 'win32', toolId: 'isl-online', catalogue: 'ISLLight.exe', process: { name: 'ISLLight.exe' } },
  { platform: 'win32', toolId: 'getscreen', catalogue: 'getscreen.exe', process: { name: 'getscreen.exe' } },
  { platform: 'win32', toolId: 'quick-assist', catalogue: 'quickassist.exe', process: { name: 'QuickAssist.exe' } },
  { platform: 'win32', toolId: 'dameware', catalogue: 'dwrcs.exe', process: { name: 'DWRCS.EXE' } },
  { platform: 'win32', toolId: 'chrome-remote-desktop', catalogue: 'remoting_host.exe', process: { name: 'remoting_host.exe' } },
  { platform: 'win32', toolId: 'meshcentral', catalogue: 'MeshAgent.exe', process: { name: 'MeshAgent.exe' } },
  { platform: 'win32', toolId: 'connectwise-automate', catalogue: 'ltsvc.exe', process: { name: 'LTSVC.exe' } },
  { platform: 'win32', toolId: 'netsupport-manager', catalogue: 'client32.exe', process: { name: 'client32.exe' } },
  { platform: 'win32', toolId: 'ultraviewer', catalogue: 'UltraViewer_Service.exe', process: { name: 'UltraViewer_Service.exe' } },
  { platform: 'win32', toolId: 'todesk', catalogue: 'ToDesk_Service.exe', process: { name: 'ToDesk_Service.exe' } },
  { platform: 'win32', toolId: 'sunlogin', catalogue: 'sunlogin*.exe', process: { name: 'SunloginClient.exe' } },
  { platform: 'win32', toolId: 'aeroadmin', catalogue: 'AeroAdmin.exe', process: { name: 'AeroAdmin.exe' } },
  { platform: 'win32', toolId: 'parsec', catalogue: 'C:\\Program Files\\Parsec\\*', process: { name: 'parsec-updater.exe', path: 'C:\\Program Files\\Parsec\\parsec-updater.exe' } },
  // macOS
  { platform: 'darwin', toolId: 'anydesk', catalogue: 'AnyDesk', process: { name: 'AnyDesk', path: '/Applications/AnyDesk.app/Contents/MacOS/AnyDesk' } },
  { platform: 'darwin', toolId: 'teamviewer', catalogue: 'TeamViewer', process: { name: 'TeamViewer', path: '/Applications/TeamViewer.app/Contents/MacOS/TeamViewer' } },
  { platform: 'darwin', toolId: 'rustdesk', catalogue: 'rustdesk', process: { name: 'RustDesk', path: '/Applications/RustDesk.app/Contents/MacOS/RustDesk' } },
  { platform: 'darwin', toolId: 'chrome-remote-desktop', catalogue: 'remoting_me2me_host', process: { name: 'remoting_me2me_host', path: '/Library/PrivilegedHelperTools/ChromeRemoteDesktopHost.app/Contents/MacOS/remoting_me2me_host' } },
  { platform: 'darwin', toolId: 'ninjaone', catalogue: 'ninjarmm-macagent', process: { name: 'ninjarmm-macagent', path: '/Applications/NinjaRMMAgent/programfiles/ninjarmm-macagent' } },
  { platform: 'darwin', toolId: 'splashtop', catalogue: 'Splashtop Streamer', process: { name: 'Splashtop Streamer', path: '/Applications/Splashtop Streamer.app/Contents/MacOS/Splashtop Streamer' } },
  { platform: 'darwin', toolId: 'apple-remote-desktop', catalogue: 'ARDAgent', process: { name: 'ARDAgent', path: '/System/Library/CoreServices/RemoteManagement/ARDAgent.app/Contents/MacOS/ARDAgent' } },
  { platform: 'darwin', toolId: 'parsec', catalogue: 'parsecd.exe', process: { name: 'parsecd', path: '/Applications/Parsec.app/Contents/MacOS/parsecd' } },
  { platform: 'darwin', toolId: 'hoptodesk', catalogue: 'HopToDesk.exe', process: { name: 'HopToDesk', path: '/Applications/HopToDesk.app/Contents/MacOS/HopToDesk' } },
  { platform: 'darwin', toolId: 'controlr', catalogue: 'ControlR.*', process: { name: 'ControlR.Agent', path: '/Users/sam/Applications/ControlR.Agent.app/Contents/MacOS/ControlR.Agent' } },
  // Linux
  { platform: 'linux', toolId: 'rustdesk', catalogue: 'rustdesk', process: { name: 'rustdesk', path: '/usr/bin/rustdesk' } },
  { platform: 'linux', toolId: 'anydesk', catalogue: 'AnyDesk', process: { name: 'anydesk', path: '/usr/bin/anydesk' } },
  { platform: 'linux', toolId: 'teamviewer', catalogue: 'teamviewerd', process: { name: 'teamviewerd', path: '/opt/teamviewer/tv_bin/teamviewerd' } },
  { platform: 'linux', toolId: 'chrome-remote-desktop', catalogue: 'chrome-remote-desktop-host', process: { name: 'chrome-remote-d', path: '/opt/google/chrome-remote-desktop/chrome-remote-desktop-host' } },
  { platform: 'linux', toolId: 'x11vnc', catalogue: 'x11vnc', process: { name: 'x11vnc', path: '/usr/bin/x11vnc' } },
  { platform: 'linux', toolId: 'tigervnc', catalogue: 'Xtigervnc', process: { name: 'Xtigervnc', path: '/usr/bin/Xtigervnc' } },
  { platform: 'linux', toolId: 'realvnc', catalogue: 'vncserver-x11-core', process: { name: 'vncserver-x11-c' } },
  { platform: 'linux', toolId: 'vnc', catalogue: 'vncserver', process: { name: 'vncserver' } },
  { platform: 'linux', toolId: 'nomachine', catalogue: 'nxserver.bin', process: { name: 'nxserver.bin', path: '/usr/NX/bin/nxserver.bin' } },
  { platform: 'linux', toolId: 'dw-service', catalogue: 'dwagent.exe', process: { name: 'dwagent', path: '/usr/share/dwagent/native/dwagent' } },
  { platform: 'linux', toolId: 'meshcentral', catalogue: 'meshagent*.exe', process: { name: 'meshagent', path: '/usr/local/mesh_services/meshagent/meshagent' } },
  { platform: 'linux', toolId: 'xrdp', catalogue: 'xrdp', process: { name: 'xrdp', path: '/usr/sbin/xrdp' } },
  { platform: 'linux', toolId: 'tailscale', catalogue: 'tailscaled.exe', process: { name: 'tailscaled', path: '/usr/sbin/tailscaled' } },
  { platform: 'linux', toolId: 'tmate', catalogue: 'tmate', process: { name: 'tmate', path: '/usr/bin/tmate' } },
  { platform: 'linux', toolId: 'hoptodesk', catalogue: 'HopToDesk.exe', process: { name: 'hoptodesk', path: '/usr/bin/hoptodesk' } },
  { platform: 'linux', toolId: 'beyondtrust', catalogue: 'bomgar-scc.exe', process: { name: 'bomgar-scc', path: '/home/sam/.bomgar-scc-1234/bomgar-scc' } },
];

describe('remote-access detection', () => {
  it('covers 30+ distinct tools on all three platforms', () => {
    expect(new Set(TABLE.map((r) => r.toolId)).size).toBeGreaterThanOrEqual(30);
    for (const platform of ['win32', 'darwin', 'linux'] as const) expect(TABLE.filter((r) => r.platform === platform).length).toBeGreaterThanOrEqual(10);
  });

  it.each(TABLE)('$platform: $process.name -> $toolId (catalogue: $catalogue)', ({ platform, toolId, catalogue, process }) => {
    const entry = tool(toolId);
    expect([...entry.processes, ...entry.installPaths]).toContain(catalogue);
    const findings = run(platform, [proc(process.name, process)]);
    expect(findings.map((f) => f.evidence.toolId)).toEqual([toolId]);
    expect(findings[0]).toMatchObject({ signal: 'remote_access.process_running', category: 'remote_access', severity: entry.severity, subject: entry.name });
  });

  it('detects a process named exactly AnyDesk: a real renamed copy of sleep', () => {
    const decoy = startDecoy('AnyDesk');
    try {
      const pid = decoy.process.pid!;
      // What a Linux probe reads: the kernel's comm name and the executable link.
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const path = readlinkSync(`/proc/${pid}/exe`);
      expect(name).toBe('AnyDesk');
      const findings = run('linux', [{ pid, name, path }]);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ signal: 'remote_access.process_running', severity: 'high', subject: 'AnyDesk' });
      expect(findings[0]!.evidence).toMatchObject({ toolId: 'anydesk', pids: [String(pid)], paths: [path] });
    } finally {
      decoy.stop();
    }
  });

  it('matches case-insensitively, with and without .exe', () => {
    for (const name of ['anydesk', 'ANYDESK.EXE', 'AnyDesk', 'anydesk.exe']) {
      expect(run('win32', [proc(name)]).map((f) => f.evidence.toolId), name).toEqual(['anydesk']);
    }
  });

  it('matches on the executable basename and on a bundle anywhere on the path', () => {
    expect(run('darwin', [proc('helper', { path: '/Users/sam/Downloads/AnyDesk.app/Contents/MacOS/helper' })])[0]?.evidence.toolId).toBe('anydesk');
    expect(run('linux', [proc('renamed', { path: '/tmp/x/rustdesk' })])[0]?.evidence.toolId).toBe('rustdesk');
  });

  it('matches a Windows process by install directory when its own name is unknown', () => {
    const findings = run('win32', [proc('tv_helper_x.exe', { path: 'C:\\Program Files\\TeamViewer\\tv_helper_x.exe' })]);
    expect(findings[0]?.evidence).toMatchObject({ toolId: 'teamviewer', matchedBy: ['install path C:\\Program Files\\TeamViewer\\'] });
  });

  it('gives one finding per tool with every matching pid, sorted', () => {
    const findings = run('win32', [
      { pid: 30, name: 'AnyDesk.exe' },
      { pid: 7, name: 'anydesk.exe', path: 'C:\\Program Files\\AnyDesk\\AnyDesk.exe' },
      { pid: 12, name: 'TeamViewer.exe' },
    ]);
    expect(findings.map((f) => f.subject).sort()).toEqual(['AnyDesk', 'TeamViewer']);
    const anydesk = findings.find((f) => f.subject === 'AnyDesk')!;
    expect(anydesk.evidence).toMatchObject({ pids: ['7', '30'], processCount: 2, processNames: ['anydesk.exe', 'AnyDesk.exe'] });
    expect(anydesk.summary).toBe('AnyDesk, a remote-access tool (RMM), is running: 2 processes (pids 7, 30).');
  });

  it('uses the catalogue severity: an outbound client is low', () => {
    const [finding] = run('win32', [proc('mstsc.exe', { path: 'C:\\Windows\\System32\\mstsc.exe' })]);
    expect(finding).toMatchObject({ signal: 'remote_access.process_running', severity: 'low', subject: tool('mstsc-exe').name });
  });

  it('reports tools the policy sanctions as info, by id, name or alias, ignoring case', () => {
    for (const allowed of ['anydesk', 'AnyDesk', 'ANYDESK']) {
      const findings = run('linux', [proc('anydesk')], policy({ remoteAccess: { allowedTools: [allowed] } }));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ signal: 'remote_access.sanctioned', severity: 'info', category: 'remote_access', subject: 'AnyDesk' });
    }
    const byAlias = run('win32', [proc('BASupSrvc.exe')], policy({ remoteAccess: { allowedTools: ['n-able take control'] } }));
    expect(byAlias[0]?.signal).toBe('remote_access.sanctioned');
    const other = run('linux', [proc('anydesk')], policy({ remoteAccess: { allowedTools: ['TeamViewer'] } }));
    expect(other[0]?.signal).toBe('remote_access.process_running');
  });

  it('ignores ordinary processes on every platform', () => {
    const ordinary = [
      'systemd', 'bash', 'zsh', 'sh', 'node', 'chrome', 'chromium', 'firefox', 'code', 'Code Helper', 'sshd', 'ssh', 'Xorg', 'Xwayland',
      'gnome-shell', 'gnome-remote-desktop-daemon', 'pipewire', 'dbus-daemon', 'NetworkManager', 'kitty', 'python3', 'java', 'docker',
      'containerd', 'snapd', 'cupsd', 'cron', 'systemd-resolved', 'explorer.exe', 'svchost.exe', 'dwm.exe', 'csrss.exe', 'lsass.exe',
      'services.exe', 'winlogon.exe', 'RuntimeBroker.exe', 'SearchHost.exe', 'Teams.exe', 'OneDrive.exe', 'MsMpEng.exe', 'conhost.exe',
      'powershell.exe', 'cmd.exe', 'setup.exe', 'update.exe', 'agent.exe', 'client.exe', 'service.exe', 'launcher.exe', 'Finder', 'Dock',
      'WindowServer', 'launchd', 'loginwindow', 'Safari', 'Slack', 'zoom.us', 'Terminal', 'iTerm2', 'Spotlight', 'mds_stores', 'kernel_task',
      'screencapture', 'sleep', 'vim', 'git', 'level', 'dd', 'rd', 'connect',
    ];
    const processes = ordinary.map((name) => proc(name, { path: name.endsWith('.exe') ? `C:\\Windows\\System32\\${name}` : `/usr/bin/${name}` }));
    expect(run('linux', processes)).toEqual([]);
    expect(run('win32', processes)).toEqual([]);
    expect(run('darwin', [
      proc('Finder', { path: '/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder' }),
      proc('Code Helper (Renderer)', { path: '/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Renderer).app/Contents/MacOS/Code Helper (Renderer)' }),
      proc('Google Chrome', { path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome' }),
      proc('Microsoft Remote Desktop', { path: '/Applications/Microsoft Remote Desktop.app/Contents/MacOS/Microsoft Remote Desktop' }),
    ])).toEqual([]);
  });

  it('only reads a 15-character name as truncated on Linux', () => {
    expect(run('darwin', [proc('chrome-remote-d')])).toEqual([]);
    expect(run('linux', [proc('chrome-remote-d')])[0]?.evidence.toolId).toBe('chrome-remote-desktop');
  });
});

describe('install path patterns', () => {
  it.each([
    ['C:\\Program Files (x86)\\AnyDesk\\*', 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe', true],
    ['C:\\Program Files (x86)\\AnyDesk\\*', 'D:\\Program Files (x86)\\AnyDesk\\sub\\x.exe', true],
    ['C:\\Program Files (x86)\\AnyDesk\\*', 'C:\\Program Files (x86)\\AnyDeskOther\\x.exe', false],
    ['*\\ATERA Networks\\AteraAgent\\*', 'C:\\Program Files\\ATERA Networks\\AteraAgent\\Agent\\x.exe', true],
    ['C:\\Users\\*\\AppData\\Local\\rustdesk\\*', 'C:\\Users\\sam\\AppData\\Local\\rustdesk\\rustdesk.exe', true],
    ['C:\\Users\\*\\AppData\\Local\\rustdesk\\*', 'C:\\Users\\sam\\x\\AppData\\Local\\rustdesk\\rustdesk.exe', false],
    ['/Applications/AnyDesk.app', '/Applications/AnyDesk.app/Contents/MacOS/AnyDesk', true],
    ['/Applications/AnyDesk.app', '/Applications/AnyDesk.apps/x', false],
    ['%APPDATA%\\loclx\\*', 'C:\\Users\\sam\\AppData\\Roaming\\loclx\\loclx.exe', true],
  ])('%s ~ %s: %s', (pattern, path, expected) => {
    expect(installPathRegex(pattern).test(path.toLowerCase().replace(/\\/g, '/'))).toBe(expected);
  });
});
