// A stored alert and the event it makes, for output tests (constructed, shaped like the collector's).
import { alertEvent } from '../../../server/outputs/event.js';
import type { AlertEvent, AlertEventKind } from '../../../server/outputs/types.js';
import type { Alert } from '../../../server/store/store.js';
import type { FormatContext } from '../../../server/outputs/format/context.js';

export const CONTEXT: FormatContext = { productVersion: '0.1.0', hostname: 'collector-1', procId: '4242' };

export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    dedupKey: 'agent-17:ip_kvm.usb_descriptor_match',
    type: 'ip_kvm',
    agentId: 'agent-17',
    agentIds: ['agent-17'],
    signal: 'ip_kvm.usb_descriptor_match',
    category: 'ip_kvm',
    severity: 'critical',
    score: 92,
    status: 'open',
    summary: 'PiKVM V4 attached (1d6b:0104) | HID=keyboard',
    reasons: ['A USB device presents the descriptors of a known IP-KVM.', 'Path C:\\Tools\\kvm, a=b'],
    evidence: [{ subject: 'PiKVM', severity: 'critical', summary: 'PiKVM V4', evidence: { vendorId: '1d6b', productId: '0104' } }],
    firstSeen: '2026-11-20T09:15:00.000Z',
    lastSeen: '2026-11-21T10:30:00.250Z',
    count: 3,
    assignee: null,
    resolution: null,
    acknowledgedAt: null,
    resolvedAt: null,
    ...overrides,
  };
}

export function sampleEvent(kind: AlertEventKind = 'opened', overrides: Partial<Alert> = {}): AlertEvent {
  return alertEvent(sampleAlert(overrides), { kind, consoleBaseUrl: 'https://farmwatch.example.com/' });
}

/** Distinct events of one alert (updates with growing counts), in the order they happened. */
export function eventSeries(n: number): AlertEvent[] {
  return Array.from({ length: n }, (_, i) => alertEvent(
    sampleAlert({ count: i + 1, lastSeen: new Date(Date.parse('2026-11-21T10:00:00.000Z') + i * 1000).toISOString() }),
    { kind: i === 0 ? 'opened' : 'updated', consoleBaseUrl: null },
  ));
}
