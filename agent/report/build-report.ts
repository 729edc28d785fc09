// Facts + findings -> the Report one scan sends. Only the host identity, the findings, probe
// health and the hashed network summary leave the laptop; the raw facts stay.
import { randomUUID } from 'node:crypto';
import { Report, SCHEMA_VERSION, type Facts, type Finding } from '../../shared/index.js';
import { summariseNetwork } from './network-summary.js';
import { withSpoolEvicted } from './spool-evicted.js';

export interface ReportMeta {
  agentId: string;
  /** 64 hex digits; keys the MAC hashes. */
  orgKey: string;
  agentVersion: string;
  startedAt: Date;
  finishedAt: Date;
  /** Reports the spool dropped since the last queued report (adds an agent_health finding). */
  spoolEvicted: number;
  /** Defaults to a fresh random UUID. */
  reportId?: string;
}

export function buildReport(facts: Facts, findings: Finding[], meta: ReportMeta): Report {
  const { host } = facts;
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    reportId: meta.reportId ?? randomUUID(),
    agentId: meta.agentId,
    agentVersion: meta.agentVersion,
    scan: {
      startedAt: meta.startedAt.toISOString(),
      finishedAt: meta.finishedAt.toISOString(),
      durationMs: Math.max(0, meta.finishedAt.getTime() - meta.startedAt.getTime()),
    },
    host: {
      hostname: host.hostname,
      platform: facts.platform,
      osRelease: host.osRelease,
      arch: host.arch,
      serial: host.serial,
      hardwareUuid: host.hardwareUuid,
      manufacturer: host.manufacturer,
      model: host.model,
      timezone: host.timezone,
      locale: host.locale,
      uptimeSec: host.uptimeSec,
      keyboardLayouts: host.keyboardLayouts,
    },
    network: summariseNetwork(facts, meta.orgKey),
    findings,
    probes: facts.probes,
    rtt: facts.rtt.map(({ target, host: rttHost, port, samplesMs, failures }) => ({
      target, host: rttHost, port, samples: samplesMs.length, failures,
      minMs: samplesMs.length ? Math.min(...samplesMs) : undefined,
    })),
    lanPeers: facts.lanPeers.map(({ agentId, heardAt }) => ({ agentId, heardAt })),
    spoolEvicted: 0,
  };
  return Report.parse(withSpoolEvicted(report, meta.spoolEvicted));
}
