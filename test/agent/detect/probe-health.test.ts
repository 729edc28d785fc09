import { describe, expect, it } from 'vitest';
import { Finding } from '../../../shared/index.js';
import { detectProbeHealth } from '../../../agent/detect/probe-health.js';
import { buildFacts, DEFAULT_POLICY } from './facts-builder.js';

describe('probe health', () => {
  it('reports each failed or timed-out probe with its error', () => {
    const findings = detectProbeHealth(buildFacts({
      probes: [
        { probe: 'processes', ok: true, durationMs: 40 },
        { probe: 'usb', ok: false, durationMs: 15000, timedOut: true },
        { probe: 'routes', ok: false, durationMs: 3, error: 'EACCES: permission denied, open /proc/net/route' },
      ],
    }), DEFAULT_POLICY);
    for (const f of findings) Finding.parse(f);
    expect(findings).toEqual([
      {
        signal: 'agent_health.probe_failed', category: 'agent_health', severity: 'low', subject: 'usb',
        summary: 'The usb probe timed out after 15000 ms; its facts are missing from this scan.',
        evidence: { probe: 'usb', durationMs: 15000, timedOut: true },
      },
      {
        signal: 'agent_health.probe_failed', category: 'agent_health', severity: 'low', subject: 'routes',
        summary: 'The routes probe failed (EACCES: permission denied, open /proc/net/route); its facts are missing from this scan.',
        evidence: { probe: 'routes', durationMs: 3, timedOut: false, error: 'EACCES: permission denied, open /proc/net/route' },
      },
    ]);
  });

  it('says nothing when every probe worked', () => {
    expect(detectProbeHealth(buildFacts({ probes: [{ probe: 'usb', ok: true, durationMs: 5 }] }), DEFAULT_POLICY)).toEqual([]);
  });

  it('says nothing about parts the agent does not collect on this platform', () => {
    const facts = buildFacts({ probes: [{ probe: 'wifi', ok: false, unsupported: true, durationMs: 0, error: 'not collected on win32 yet' }] });
    expect(detectProbeHealth(facts, DEFAULT_POLICY)).toEqual([]);
  });
});
