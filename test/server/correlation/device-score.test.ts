import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNAL_WEIGHTS, deviceEvidenceFromFindings, scoreDevice } from '../../../server/correlation/index.js';
import type { Finding, Severity } from '../../../shared/index.js';
import { findSignal } from '../../../shared/index.js';

function finding(signal: string, subject: string, severity?: Severity): Finding {
  const def = findSignal(signal)!;
  return { signal, category: def.category, severity: severity ?? def.severity, subject, summary: `${subject} (${signal})`, evidence: {} };
}

describe('scoreDevice', () => {
  it('scores nothing for no findings', () => {
    expect(scoreDevice([])).toEqual({ score: 0, reasons: [], breakdown: [] });
  });

  it('weights by severity, heaviest reason first, repeats of one signal not adding up', () => {
    const kvm = finding('ip_kvm.usb_descriptor_match', 'PiKVM');
    const anydesk = finding('remote_access.process_running', 'AnyDesk');
    const rustdesk = finding('remote_access.process_running', 'RustDesk');
    const result = scoreDevice([anydesk, kvm, rustdesk]);
    // critical 60, high 35: 100 * (1 - 0.4 * 0.65) = 74.
    expect(result.score).toBe(74);
    expect(result.reasons).toEqual([
      'PiKVM (ip_kvm.usb_descriptor_match) [ip_kvm.usb_descriptor_match, weight 60]',
      'AnyDesk (remote_access.process_running) (and 1 more) [remote_access.process_running, weight 35]',
    ]);
    expect(scoreDevice([anydesk, rustdesk]).score).toBe(scoreDevice([anydesk]).score);
  });

  it('takes the policy\'s override per signal and per severity', () => {
    const jiggler = finding('posture.mouse_jiggler', 'Jiggler');
    expect(scoreDevice([jiggler]).score).toBe(15);
    expect(scoreDevice([jiggler], { signals: { 'posture.mouse_jiggler': 50 } }).score).toBe(50);
    expect(scoreDevice([jiggler], { severities: { medium: 20 } }).score).toBe(20);
  });

  it('gives a sanctioned (info) tool no weight and no reason', () => {
    const result = scoreDevice([finding('remote_access.sanctioned', 'TeamViewer')]);
    expect(result).toMatchObject({ score: 0, reasons: [] });
  });

  it('rises with every additional distinct signal', () => {
    const list = [
      finding('vpn.tunnel_interface', 'wg0'),
      finding('vpn.default_route_tunnel', 'wg0'),
      finding('ip_kvm.composite_structure', 'usb 1-2'),
    ];
    const scores = list.map((_, i) => scoreDevice(list.slice(0, i + 1)).score);
    expect(scores[1]!).toBeGreaterThan(scores[0]!);
    expect(scores[2]!).toBeGreaterThan(scores[1]!);
    expect(scores[2]!).toBeLessThan(100);
  });

  it('exposes the catalogue defaults', () => {
    expect(DEFAULT_SIGNAL_WEIGHTS['co_location.lan_peer']).toBe(60);
    expect(DEFAULT_SIGNAL_WEIGHTS['posture.long_uptime']).toBe(0);
  });
});

describe('deviceEvidenceFromFindings', () => {
  it('reads remote control, IP-KVM and hosting egress from findings', () => {
    expect(deviceEvidenceFromFindings([])).toEqual({ remoteControl: false, ipKvm: false, hostingAsn: false });
    expect(deviceEvidenceFromFindings([
      finding('remote_access.process_running', 'AnyDesk'),
      finding('ip_kvm.usb_gadget', 'usb 1-1'),
      finding('location.hosting_egress', '192.0.2.1'),
    ])).toEqual({ remoteControl: true, ipKvm: true, hostingAsn: true });
  });

  it('ignores sanctioned tools and weak KVM hints', () => {
    expect(deviceEvidenceFromFindings([
      finding('remote_access.sanctioned', 'TeamViewer'),
      finding('remote_access.process_running', 'TeamViewer', 'info'),
      finding('ip_kvm.absolute_pointer', 'tablet'),
    ])).toEqual({ remoteControl: false, ipKvm: false, hostingAsn: false });
    expect(deviceEvidenceFromFindings([], true).hostingAsn).toBe(true);
  });
});
