import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { ConnectionFact, Facts, Platform, ProcessFact, ServiceFact } from '../../../shared/index.js';
import { detectRemoteAccessListening } from '../../../agent/detect/remote-access-listening.js';
import { detectRemoteAccessSession } from '../../../agent/detect/remote-access-session.js';
import { buildFacts, DEFAULT_POLICY, policy } from './facts-builder.js';

const listen = (address: string, port: number, pid?: number, processName?: string): ConnectionFact =>
  ({ protocol: 'tcp', localAddress: address, localPort: port, state: 'LISTEN', ...(pid ? { pid } : {}), ...(processName ? { processName } : {}) });
const conn = (local: [string, number], remote: [string, number], pid?: number, processName?: string): ConnectionFact =>
  ({ protocol: 'tcp', localAddress: local[0], localPort: local[1], remoteAddress: remote[0], remotePort: remote[1], state: 'ESTABLISHED', ...(pid ? { pid } : {}), ...(processName ? { processName } : {}) });
const p = (pid: number, name: string, path?: string, signer?: string): ProcessFact => ({ pid, name, ...(path ? { path } : {}), ...(signer ? { signer } : {}) });
const svc = (name: string, extra: Partial<ServiceFact> = {}): ServiceFact => ({ name, state: 'running', startType: 'auto', ...extra });

function facts(platform: Platform, extra: Partial<Facts>): Facts {
  return buildFacts({ platform, ...extra });
}
const listening = (f: Facts, pol = DEFAULT_POLICY) => detectRemoteAccessListening(f, pol).map((x) => Finding.parse(x));
const sessions = (f: Facts, pol = DEFAULT_POLICY) => detectRemoteAccessSession(f, pol).map((x) => Finding.parse(x));

describe('remote_access.service_listening', () => {
  it('reports xrdp listening on 3389 and enabled as a service as one finding', () => {
    const [f, ...rest] = listening(facts('linux', {
      processes: [p(900, 'xrdp', '/usr/sbin/xrdp')],
      connections: [listen('0.0.0.0', 3389, 900, 'xrdp'), listen('::', 3389, 900, 'xrdp')],
      services: [svc('xrdp.service', { path: '/usr/sbin/xrdp' }), svc('xrdp-sesman.service', { path: '/usr/sbin/xrdp-sesman' })],
    }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      signal: 'remote_access.service_listening', severity: 'high', subject: 'XRDP',
      evidence: { toolId: 'xrdp', listening: ['0.0.0.0:3389', ':::3389'], ports: ['3389'], pids: ['900'], processNames: ['xrdp'], services: ['xrdp-sesman.service', 'xrdp.service'], loopbackOnly: false },
    });
    expect(f!.summary).toContain('accepts remote desktop connections');
  });

  it.each([
    ['win32', [listen('0.0.0.0', 3389, 1100, 'svchost.exe')], [p(1100, 'svchost.exe')], 'RDP', 'high'],
    ['linux', [listen('0.0.0.0', 5900, 700, 'x11vnc')], [p(700, 'x11vnc')], 'x11vnc', 'high'],
    ['linux', [listen('0.0.0.0', 5901)], [], 'VNC', 'high'],
    ['win32', [listen('0.0.0.0', 7070, 50, 'AnyDesk.exe')], [p(50, 'AnyDesk.exe')], 'AnyDesk', 'high'],
    ['linux', [listen('0.0.0.0', 21118, 60, 'rustdesk')], [p(60, 'rustdesk')], 'RustDesk', 'high'],
    ['linux', [listen('127.0.0.1', 5900, 700, 'x11vnc')], [p(700, 'x11vnc')], 'x11vnc', 'medium'],
    ['linux', [listen('0.0.0.0', 7070, 80, 'java')], [p(80, 'java', '/usr/bin/java')], 'AnyDesk', 'medium'],
  ] as const)('%s %j -> %s (%s)', (platform, connections, processes, subject, severity) => {
    const found = listening(facts(platform, { connections: [...connections], processes: [...processes] }));
    expect(found.map((f) => [f.signal, f.subject, f.severity])).toEqual([['remote_access.service_listening', subject, severity]]);
  });

  it('reports enabled or running remote desktop services without a listener', () => {
    const found = listening(facts('darwin', { services: [svc('com.apple.screensharing', { state: 'other' })] }));
    expect(found.map((f) => [f.subject, f.severity])).toEqual([['macOS Screen Sharing', 'high']]);
    expect(listening(facts('win32', { services: [svc('RemoteDesktopConnections', { state: 'running', startType: 'manual' })] }))[0]?.subject).toBe('RDP (Windows Remote Desktop)');
    expect(listening(facts('linux', { services: [svc('vncserver@:1.service', { state: 'other' })] }))[0]?.subject).toBe('TigerVNC');
  });

  it('ignores stopped, manual or disabled services and other listeners', () => {
    expect(listening(facts('win32', {
      services: [svc('RemoteDesktopConnections', { state: 'stopped', startType: 'disabled' }), svc('TermService', { state: 'running' }), svc('xrdp', { state: 'stopped', startType: 'manual' })],
      connections: [listen('127.0.0.1', 631, 812, 'cupsd'), listen('0.0.0.0', 22), conn(['10.0.0.5', 51000], ['203.0.113.5', 3389]), { protocol: 'udp', localAddress: '0.0.0.0', localPort: 5900, state: 'UNCONN' }],
    }))).toEqual([]);
  });

  it('reports servers the policy sanctions as info: RDP by protocol name, a tool by path', () => {
    const rdp = facts('win32', { connections: [listen('0.0.0.0', 3389, 1100, 'svchost.exe')], processes: [p(1100, 'svchost.exe')] });
    expect(listening(rdp, policy({ remoteAccess: { allowedTools: ['RDP'] } }))[0]).toMatchObject({ signal: 'remote_access.sanctioned', severity: 'info', evidence: { sanctionedBy: 'policy.remoteAccess.allowedTools' } });
    const anydesk = facts('win32', { connections: [listen('0.0.0.0', 7070, 50, 'AnyDesk.exe')], processes: [p(50, 'AnyDesk.exe', 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe')] });
    expect(listening(anydesk, policy({ remoteAccess: { allowedPaths: ['C:\\Program Files (x86)\\AnyDesk'] } }))[0]?.signal).toBe('remote_access.sanctioned');
    expect(listening(anydesk, policy({ remoteAccess: { allowedTools: ['TeamViewer'] } }))[0]?.signal).toBe('remote_access.service_listening');
  });
});

describe('remote_access.session_active', () => {
  it('is critical for an inbound RDP session from a remote peer, whoever owns the socket', () => {
    const [f] = sessions(facts('win32', { connections: [listen('0.0.0.0', 3389, 1100), conn(['192.168.1.50', 3389], ['203.0.113.5', 51000], 1100, 'svchost.exe')] }));
    expect(f).toMatchObject({
      signal: 'remote_access.session_active', severity: 'critical', subject: 'RDP',
      evidence: { direction: 'inbound', peers: ['203.0.113.5:51000'], inboundPeers: ['203.0.113.5:51000'], localPorts: ['3389'], processNames: ['svchost.exe'] },
    });
    expect(f!.summary).toBe('RDP has an inbound session: 203.0.113.5:51000 is connected to this laptop.');
  });

  it('is critical for a remote-control tool accepting a connection on a port it listens on', () => {
    const [f] = sessions(facts('linux', {
      processes: [p(4000, 'rustdesk', '/usr/bin/rustdesk')],
      connections: [listen('0.0.0.0', 21118, 4000), conn(['192.168.1.50', 21118], ['2001:db8::7', 40000], 4000), conn(['192.168.1.50', 40100], ['198.51.100.9', 21116], 4000)],
    }));
    expect(f).toMatchObject({ severity: 'critical', subject: 'RustDesk', evidence: { direction: 'inbound', peers: ['198.51.100.9:21116', '[2001:db8::7]:40000'], inboundPeers: ['[2001:db8::7]:40000'], pids: ['4000'] } });
  });

  it('is high for outbound connections of a remote-control tool (a session or its idle relay link)', () => {
    const [f] = sessions(facts('win32', { processes: [p(7, 'AnyDesk.exe')], connections: [conn(['192.168.1.50', 50123], ['51.91.1.2', 443], 7)] }));
    expect(f).toMatchObject({ severity: 'high', subject: 'AnyDesk', evidence: { direction: 'outbound', peers: ['51.91.1.2:443'], inboundPeers: [] } });
    expect(f!.summary).toContain('idle link to its relay');
    // The socket's own process name identifies the tool when the process list lacks it.
    expect(sessions(facts('darwin', { connections: [conn(['10.0.0.2', 50000], ['51.91.1.2', 443], 9, 'AnyDesk')] }))[0]?.subject).toBe('AnyDesk');
  });

  it('reports a sanctioned tool\'s sessions as info', () => {
    const f = facts('win32', { processes: [p(7, 'TeamViewer.exe', 'C:\\Program Files\\TeamViewer\\TeamViewer.exe', 'TeamViewer Germany GmbH')], connections: [conn(['10.0.0.2', 50000], ['217.146.1.1', 5938], 7)] });
    expect(sessions(f, policy({ remoteAccess: { allowedSigners: ['TeamViewer Germany GmbH'] } }))[0]).toMatchObject({ signal: 'remote_access.sanctioned', severity: 'info', evidence: { sanctionedBy: 'policy.remoteAccess.allowedSigners' } });
  });

  it('ignores loopback peers, outbound clients, ordinary programs and non-established sockets', () => {
    expect(sessions(facts('win32', {
      processes: [p(7, 'AnyDesk.exe'), p(8, 'mstsc.exe'), p(9, 'firefox.exe')],
      connections: [
        conn(['127.0.0.1', 50000], ['127.0.0.1', 7070], 7), conn(['::1', 50001], ['::1', 5938], 7),
        conn(['10.0.0.2', 50002], ['203.0.113.5', 3389], 8), conn(['10.0.0.2', 50003], ['140.82.112.3', 443], 9),
        { ...conn(['10.0.0.2', 3389], ['203.0.113.5', 50004]), state: 'TIME_WAIT' },
      ],
    }))).toEqual([]);
  });
});
