import { describe, expect, it } from 'vitest';
import { detectRemoteAccess } from '../../../agent/detect/remote-access.js';
import { isUnderPath } from '../../../agent/detect/remote-access-sanction.js';
import { buildFacts, policy, proc } from './facts-builder.js';

describe('sanctioning running remote-access tools by path prefix and signer', () => {
  const teamviewer = (path: string, signer?: string) => proc('TeamViewer.exe', { path, ...(signer ? { signer } : {}) });

  it('sanctions a tool whose every process lies under an allowed path', () => {
    const facts = buildFacts({ platform: 'win32', processes: [teamviewer('C:\\Program Files\\TeamViewer\\TeamViewer.exe'), teamviewer('C:\\Program Files\\TeamViewer\\tv_x64.exe')] });
    const [f] = detectRemoteAccess(facts, policy({ remoteAccess: { allowedPaths: ['c:/program files/teamviewer/'] } }));
    expect(f).toMatchObject({ signal: 'remote_access.sanctioned', severity: 'info', evidence: { sanctionedBy: 'policy.remoteAccess.allowedPaths' } });
  });

  it('does not sanction when one copy runs elsewhere or has no readable path', () => {
    const allowed = policy({ remoteAccess: { allowedPaths: ['C:\\Program Files\\TeamViewer'] } });
    const stray = buildFacts({ platform: 'win32', processes: [teamviewer('C:\\Program Files\\TeamViewer\\TeamViewer.exe'), teamviewer('C:\\Users\\sam\\Downloads\\TeamViewer.exe')] });
    expect(detectRemoteAccess(stray, allowed)[0]?.signal).toBe('remote_access.process_running');
    const unreadable = buildFacts({ platform: 'win32', processes: [teamviewer('C:\\Program Files\\TeamViewer\\TeamViewer.exe'), proc('TeamViewer.exe')] });
    expect(detectRemoteAccess(unreadable, allowed)[0]?.signal).toBe('remote_access.process_running');
  });

  it('sanctions by signer, case-insensitively, only when every process carries it', () => {
    const signed = buildFacts({ platform: 'win32', processes: [teamviewer('C:\\x\\TeamViewer.exe', 'TeamViewer Germany GmbH')] });
    expect(detectRemoteAccess(signed, policy({ remoteAccess: { allowedSigners: ['teamviewer germany gmbh'] } }))[0]?.evidence.sanctionedBy).toBe('policy.remoteAccess.allowedSigners');
    const mixed = buildFacts({ platform: 'win32', processes: [teamviewer('C:\\x\\TeamViewer.exe', 'TeamViewer Germany GmbH'), teamviewer('C:\\y\\TeamViewer.exe')] });
    expect(detectRemoteAccess(mixed, policy({ remoteAccess: { allowedSigners: ['TeamViewer Germany GmbH'] } }))[0]?.signal).toBe('remote_access.process_running');
  });

  it('treats a path prefix as a directory, not a string prefix', () => {
    expect(isUnderPath('/opt/teamviewer/tv_bin/teamviewerd', '/opt/teamviewer')).toBe(true);
    expect(isUnderPath('/opt/teamviewer', '/opt/teamviewer/')).toBe(true);
    expect(isUnderPath('/opt/teamviewer2/x', '/opt/teamviewer')).toBe(false);
    expect(isUnderPath('C:\\Program Files\\AnyDesk\\AnyDesk.exe', 'c:/program files/anydesk')).toBe(true);
    expect(isUnderPath('/anything', '')).toBe(false);
  });
});
