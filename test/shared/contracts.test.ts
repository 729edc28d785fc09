// The wire contracts themselves: the signal catalogue's invariants and schema rules both sides rely on.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, DEFAULT_POLICY, Facts, Finding, Policy, SIGNALS, findSignal, text, type SignalDefinition } from '../../shared/index.js';
import { clip } from '../../agent/probes/util/text.js';

describe('signal catalogue', () => {
  it('has unique ids named after their category', () => {
    const ids = SIGNALS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SIGNALS as readonly SignalDefinition[]) {
      expect(s.id.split('.')[0], s.id).toBe(s.category);
      expect(CATEGORIES).toContain(s.category);
      expect(s.description.length, s.id).toBeGreaterThan(10);
      if (s.attack) expect(s.attack, s.id).toMatch(/^T\d{4}(\.\d{3})?$/);
    }
  });

  it('maps remote-access hardware and software to ATT&CK T1219', () => {
    expect(findSignal('ip_kvm.usb_descriptor_match')?.attack).toBe('T1219.003');
    expect(findSignal('remote_access.process_running')?.attack).toBe('T1219.002');
    expect(findSignal('no_such.signal')).toBeUndefined();
  });

  it('covers every category', () => {
    expect(new Set(SIGNALS.map((s) => s.category))).toEqual(new Set(CATEGORIES));
  });
});

describe('schemas', () => {
  it('refuse NUL in text, which PostgreSQL cannot store; probes strip it', () => {
    expect(text().safeParse('Pi\u0000KVM').success).toBe(false);
    expect(text().safeParse(clip('Pi\u0000KVM', 100)).data).toBe('PiKVM');
  });

  it('fill sections added later with empty values, so older recorded facts still load', () => {
    const facts = Facts.parse({
      schemaVersion: 1, collectedAt: '2026-11-01T10:00:00.000Z', platform: 'linux',
      host: { hostname: 'h', osRelease: 'Debian', arch: 'x64' },
      processes: [], interfaces: [], routes: [], neighbours: [], connections: [], usbDevices: [], displays: [], probes: [],
    });
    expect(facts.hidDevices).toEqual([]);
    expect(facts.power).toEqual({});
  });

  it('reject other schema versions and unknown severities', () => {
    expect(Policy.safeParse({ ...DEFAULT_POLICY, schemaVersion: 2 }).success).toBe(false);
    const finding = { signal: 'vpn.tunnel_interface', category: 'vpn', severity: 'urgent', subject: 'wg0', summary: 's', evidence: {} };
    expect(Finding.safeParse(finding).error?.issues[0]?.path).toEqual(['severity']);
  });

  it('give a policy sane defaults from nothing but the version', () => {
    expect(Policy.parse({ schemaVersion: 1 })).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.scan.cron).toBe('17 */4 * * *');
    // The LAN beacon broadcasts on every network a laptop joins: the organisation opts in.
    expect(DEFAULT_POLICY.beacon).toMatchObject({ enabled: false, interfaces: [] });
  });
});
