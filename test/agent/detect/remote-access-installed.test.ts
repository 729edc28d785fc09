import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { InstalledAppFact, Platform, ProcessFact, ServiceFact } from '../../../shared/index.js';
import { detectRemoteAccessInstalled } from '../../../agent/detect/remote-access-installed.js';
import { buildFacts, DEFAULT_POLICY, policy, proc } from './facts-builder.js';

const app = (name: string, source: string, extra: Partial<InstalledAppFact> = {}): InstalledAppFact => ({ name, source, ...extra });
const service = (name: string, extra: Partial<ServiceFact> = {}): ServiceFact => ({ name, state: 'stopped', startType: 'auto', ...extra });
interface Items { apps?: readonly InstalledAppFact[]; services?: readonly ServiceFact[]; processes?: readonly ProcessFact[] }
const run = (platform: Platform, extra: Items, pol = DEFAULT_POLICY) =>
  detectRemoteAccessInstalled(buildFacts({ platform, installedApps: [...(extra.apps ?? [])], services: [...(extra.services ?? [])], processes: [...(extra.processes ?? [])] }), pol)
    .map((f) => Finding.parse(f));

describe('remote_access.installed', () => {
  it.each([
    ['linux', { apps: [app('AnyDesk', 'desktop-entry', { path: '/usr/bin/anydesk' })] }, 'anydesk'],
    ['linux', { apps: [app('teamviewer', 'opt', { path: '/opt/teamviewer' })] }, 'teamviewer'],
    ['linux', { apps: [app('NX', 'known-path', { path: '/usr/NX' })] }, 'nomachine'],
    ['linux', { services: [service('chrome-remote-desktop@alice.service', { path: '/opt/google/chrome-remote-desktop/chrome-remote-desktop' })] }, 'chrome-remote-desktop'],
    ['win32', { apps: [app('TeamViewer 15', 'uninstall-registry')] }, 'teamviewer'],
    ['win32', { apps: [app('Parsec', 'uninstall-registry')] }, 'parsec'],
    ['win32', { apps: [app('Splashtop Streamer', 'uninstall-registry', { path: 'C:\\Program Files (x86)\\Splashtop\\Splashtop Remote\\Server' })] }, 'splashtop'],
    ['win32', { services: [service('AnyDesk', { path: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service' })] }, 'anydesk'],
    ['darwin', { apps: [app('RustDesk', 'applications', { path: '/Applications/RustDesk.app' })] }, 'rustdesk'],
  ] as const)('%s: %j is %s', (platform, extra, toolId) => {
    const findings = run(platform, extra);
    expect(findings.map((f) => [f.signal, f.severity, f.evidence.toolId])).toEqual([['remote_access.installed', 'medium', toolId]]);
  });

  it('lists every item of one tool with its source and path', () => {
    const [f] = run('linux', { apps: [app('AnyDesk', 'desktop-entry', { path: '/usr/bin/anydesk' }), app('anydesk', 'known-path', { path: '/usr/bin/anydesk' })], services: [service('anydesk.service', { path: '/usr/bin/anydesk' })] });
    expect(f).toMatchObject({
      subject: 'AnyDesk', category: 'remote_access',
      evidence: { items: ['AnyDesk (desktop-entry: /usr/bin/anydesk)', 'anydesk (known-path: /usr/bin/anydesk)', 'anydesk.service (service: /usr/bin/anydesk)'], sources: ['desktop-entry', 'known-path', 'service'], paths: ['/usr/bin/anydesk'] },
    });
    expect(f!.summary).toContain('is installed but not running');
  });

  it('is low for outbound clients', () => {
    expect(run('linux', { apps: [app('Remmina', 'desktop-entry', { path: 'remmina' })] })[0]).toMatchObject({ severity: 'low', evidence: { role: 'client' } });
  });

  it('is not reported while the tool runs, nor for an enabled remote desktop service (service_listening covers it)', () => {
    expect(run('linux', { apps: [app('AnyDesk', 'desktop-entry', { path: '/usr/bin/anydesk' })], processes: [proc('anydesk', { path: '/usr/bin/anydesk' })] })).toEqual([]);
    expect(run('linux', { services: [service('xrdp.service', { path: '/usr/sbin/xrdp' })] })).toEqual([]);
    // Installed but disabled: no service is listening, so it is an installed tool.
    expect(run('linux', { services: [service('xrdp.service', { path: '/usr/sbin/xrdp', startType: 'disabled' })] })[0]?.evidence.toolId).toBe('xrdp');
  });

  it('reports sanctioned tools as info, by name, by path prefix (all items) or by signer', () => {
    const anydesk = { apps: [app('AnyDesk', 'uninstall-registry', { path: 'C:\\Program Files (x86)\\AnyDesk', signer: 'philandro Software GmbH' })] };
    expect(run('win32', anydesk, policy({ remoteAccess: { allowedTools: ['anydesk'] } }))[0]).toMatchObject({ signal: 'remote_access.sanctioned', severity: 'info', evidence: { sanctionedBy: 'policy.remoteAccess.allowedTools' } });
    expect(run('win32', anydesk, policy({ remoteAccess: { allowedPaths: ['c:/program files (x86)/anydesk'] } }))[0]?.evidence.sanctionedBy).toBe('policy.remoteAccess.allowedPaths');
    expect(run('win32', anydesk, policy({ remoteAccess: { allowedSigners: ['PHILANDRO SOFTWARE GMBH'] } }))[0]?.evidence.sanctionedBy).toBe('policy.remoteAccess.allowedSigners');
    expect(run('win32', anydesk, policy({ remoteAccess: { allowedPaths: ['C:\\Program Files (x86)\\Any'] } }))[0]?.signal).toBe('remote_access.installed');
  });

  it('ignores ordinary software, OS services and VPN clients', () => {
    const apps = ['Firefox Web Browser', 'Visual Studio Code', 'Terminal', 'Slack', 'Zoom', 'Microsoft Teams', 'Google Chrome', 'Docker Desktop', 'Steam',
      'Microsoft Remote Desktop', 'Remote Desktop Connection', 'NordVPN', 'OpenVPN 2.6.8-I001 amd64', 'google', 'aws-cli', 'cuda']
      .map((n) => app(n, 'uninstall-registry'));
    const services = ['TermService', 'UmRdpService', 'SessionEnv', 'WinRM', 'Spooler', 'sshd', 'cups.service', 'NetworkManager.service', 'RemoteDesktopConnections']
      .map((n) => service(n, { displayName: n === 'TermService' ? 'Remote Desktop Services' : undefined, state: 'running' }));
    expect(run('win32', { apps, services })).toEqual([]);
    expect(run('linux', { apps, services })).toEqual([]);
  });
});
