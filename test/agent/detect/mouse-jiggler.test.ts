// Mouse jigglers and keep-awake tools, by process, installed app and USB strings.
import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import type { Facts } from '../../../shared/index.js';
import { detectMouseJiggler } from '../../../agent/detect/mouse-jiggler.js';
import { buildFacts, DEFAULT_POLICY, proc, usb } from './facts-builder.js';

function check(parts: Partial<Omit<Facts, 'schemaVersion'>>) {
  const findings = detectMouseJiggler(buildFacts(parts), DEFAULT_POLICY);
  for (const f of findings) Finding.parse(f);
  return findings;
}

describe('posture.mouse_jiggler', () => {
  it.each([
    ['Move Mouse.exe', 'Move Mouse'],
    ['MouseJiggler.exe', 'Mouse Jiggler'],
    ['MouseJiggle.exe', 'Mouse Jiggler'],
    ['Jiggler', 'Jiggler'],
  ])('a running %s is a jiggler (medium)', (name, tool) => {
    const findings = check({ processes: [proc(name, { path: `C:\\Tools\\${name}` })] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ signal: 'posture.mouse_jiggler', severity: 'medium', subject: tool, evidence: { kind: 'jiggler', running: true } });
  });

  it.each([
    ['caffeine64.exe', 'Caffeine'],
    ['caffeine-ng', 'Caffeine'],
    ['Amphetamine', 'Amphetamine'],
    ['KeepingYouAwake', 'KeepingYouAwake'],
    ['DontSleep_x64_p.exe', "Don't Sleep"],
    ['PowerToys.Awake.exe', 'PowerToys Awake'],
  ])('a running %s is a keep-awake tool (low)', (name, tool) => {
    const [finding] = check({ processes: [proc(name)] });
    expect(finding).toMatchObject({ severity: 'low', subject: tool, evidence: { kind: 'keep-awake' } });
  });

  it('matches by executable path when the process name is truncated, and groups pids per tool', () => {
    const findings = check({ processes: [proc('MouseJiggl', { path: '/opt/jig/MouseJiggler.exe' }), proc('MouseJiggler.exe')] });
    expect(findings).toHaveLength(1);
    expect((findings[0]!.evidence.pids as string[]).length).toBe(2);
  });

  it('reports an installed jiggler that is not running as low, and nothing for installed keep-awake tools', () => {
    const findings = check({ installedApps: [
      { name: 'Move Mouse', source: 'uninstall-registry', path: 'C:\\Program Files\\Move Mouse\\Move Mouse.exe' },
      { name: 'Amphetamine', source: 'applications' },
    ] });
    expect(findings.map((f) => [f.subject, f.severity, f.evidence.running])).toEqual([['Move Mouse', 'low', false]]);
  });

  it('does not report an installed jiggler twice when it also runs', () => {
    const findings = check({ processes: [proc('Jiggler')], installedApps: [{ name: 'Jiggler', source: 'applications' }] });
    expect(findings.map((f) => [f.severity, f.evidence.running])).toEqual([['medium', true]]);
  });

  it('reports a USB device that names itself a jiggler', () => {
    const findings = check({ usbDevices: [usb('1a86:e026', { location: '1-4', manufacturer: 'Liberty', product: 'Mouse Jiggler MJ-3', interfaces: ['03/01/02'] })] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'medium', subject: 'Liberty Mouse Jiggler MJ-3 (1a86:e026)', evidence: { kind: 'hardware', vendorProduct: '1a86:e026' } });
  });

  it.each([
    ['ordinary processes', { processes: [proc('firefox'), proc('caffeinated-coffee'), proc('jiggle-physics'), proc('MoveMouseHelper')] }],
    ['an ordinary mouse', { usbDevices: [usb('046d:c077', { manufacturer: 'Logitech', product: 'USB Optical Mouse', interfaces: ['03/01/02'] })] }],
    ['a remembered jiggler device', { usbDevices: [usb('1a86:e026', { product: 'Mouse Jiggler', historical: true })] }],
  ])('ignores %s', (_label, parts) => {
    expect(check(parts)).toEqual([]);
  });
});
