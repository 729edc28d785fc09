// Valid wire messages for collector tests, built from the shared schemas.
import { randomUUID } from 'node:crypto';
import { Report, type Finding, type Severity } from '../../shared/index.js';

export function finding(signal: string, severity: Severity, subject = 'AnyDesk'): Finding {
  return {
    signal,
    category: signal.split('.')[0] as Finding['category'],
    severity,
    subject,
    summary: `${subject} seen (${signal})`,
    evidence: { process: subject.toLowerCase(), pid: 4242 },
  };
}

export interface ReportOverrides {
  reportId?: string;
  findings?: Finding[];
  hostname?: string;
  serial?: string;
}

/** A report that passes the shared Report schema (checked here, so a fixture bug fails loudly). */
export function makeReport(agentId: string, overrides: ReportOverrides = {}): Report {
  const now = new Date();
  return Report.parse({
    schemaVersion: 1,
    reportId: overrides.reportId ?? randomUUID(),
    agentId,
    agentVersion: '0.1.0',
    scan: { startedAt: new Date(now.getTime() - 1500).toISOString(), finishedAt: now.toISOString(), durationMs: 1500 },
    host: {
      hostname: overrides.hostname ?? 'laptop-17',
      platform: 'linux',
      osRelease: 'Debian 12',
      arch: 'x64',
      serial: overrides.serial ?? 'SN-0017',
      hardwareUuid: '4c4c4544-0031-3210-8052-b4c04f4a4d32',
      manufacturer: 'Lenovo',
      model: 'ThinkPad T14',
      timezone: 'America/Chicago',
    },
    network: { ipv6Prefixes: [], neighbourMacHashes: [], neighbourOuiCounts: {} },
    findings: overrides.findings ?? [],
    probes: [{ probe: 'processes', ok: true, durationMs: 40 }],
    spoolEvicted: 0,
  });
}
