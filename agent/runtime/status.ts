// `status`: what this agent is, when it last scanned, what waits in its spool, and whether the
// collector answers. Reads only; a damaged file is reported, not fatal.
import type { AgentConfig } from '../config/index.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log.js';
import { AGENT_VERSION } from '../version.js';
import { loadCredential, type Credential } from './credential.js';
import { loadCachedPolicy } from './policy.js';
import { readLastScan, type LastScan } from './scan.js';
import { readSpoolSummary } from './spool.js';
import { Transport } from './transport.js';

export interface AgentStatus {
  stateDir: string;
  agentVersion: string;
  enrolment: { enrolled: boolean; serverUrl?: string; agentId?: string; enrolledAt?: string; error?: string };
  lastScan: LastScan | null;
  spool: { queued: number; bytes: number; evictedTotal: number; evictedNotYetReported: number; rejected: number; lastDeliveredAt?: string };
  policy: { source: 'collector' | 'cache' | 'default'; fetchedAt?: string; cron: string };
  collector: { checked: boolean; reachable?: boolean; latencyMs?: number; error?: string };
}

export async function collectStatus(options: { stateDir: string; config: AgentConfig; log: Logger }): Promise<AgentStatus> {
  const { stateDir, config, log } = options;
  let credential: Credential | undefined;
  let credentialError: string | undefined;
  try {
    credential = await loadCredential(stateDir);
  } catch (error) {
    credentialError = describeError(error);
  }
  const spool = await readSpoolSummary(stateDir, log);
  const policy = await loadCachedPolicy(stateDir, log);
  return {
    stateDir,
    agentVersion: AGENT_VERSION,
    enrolment: {
      enrolled: credential !== undefined,
      serverUrl: credential?.serverUrl,
      agentId: credential?.agentId,
      enrolledAt: credential?.enrolledAt,
      error: credentialError,
    },
    lastScan: (await readLastScan(stateDir)) ?? null,
    spool: {
      queued: spool.count,
      bytes: spool.bytes,
      evictedTotal: spool.stats.evictedTotal,
      evictedNotYetReported: spool.stats.pendingEvicted,
      rejected: spool.rejected,
      lastDeliveredAt: spool.stats.lastDeliveredAt,
    },
    policy: { source: policy.source, fetchedAt: policy.fetchedAt, cron: policy.policy.scan.cron },
    collector: credential ? await checkCollector(credential.serverUrl, config, log) : { checked: false },
  };
}

async function checkCollector(serverUrl: string, config: AgentConfig, log: Logger): Promise<AgentStatus['collector']> {
  const started = performance.now();
  try {
    const transport = await Transport.create({ serverUrl, config, log });
    const outcome = await transport.request('GET', '/healthz', { maxRetries: 0, timeoutMs: config.statusTimeoutMs });
    const latencyMs = Math.round(performance.now() - started);
    if (outcome.kind === 'ok' && (outcome.data as { status?: unknown } | null)?.status === 'ok') return { checked: true, reachable: true, latencyMs };
    const error = outcome.kind === 'gave_up' ? outcome.reason : `HTTP ${outcome.status}`;
    return { checked: true, reachable: false, latencyMs, error };
  } catch (error) {
    return { checked: true, reachable: false, error: describeError(error) };
  }
}

export function formatStatus(status: AgentStatus): string {
  const { enrolment, lastScan, spool, policy, collector } = status;
  const lines = [
    `FarmWatch agent ${status.agentVersion}`,
    `State directory:  ${status.stateDir}`,
    `Enrolled:         ${
      enrolment.enrolled
        ? `yes, agent ${enrolment.agentId} with ${enrolment.serverUrl} (since ${enrolment.enrolledAt})`
        : enrolment.error
          ? `credential unusable: ${enrolment.error}`
          : 'no'
    }`,
    `Last scan:        ${
      lastScan
        ? `${lastScan.finishedAt}, ${lastScan.findingCount} finding${lastScan.findingCount === 1 ? '' : 's'}${severitySummary(lastScan)}${
            lastScan.probesFailed.length ? `, failed probes: ${lastScan.probesFailed.join(', ')}` : ''
          }`
        : 'never'
    }`,
    `Queued reports:   ${spool.queued} (${formatBytes(spool.bytes)})${spool.rejected ? `, ${spool.rejected} rejected by the collector (see rejected/)` : ''}`,
    `Evicted reports:  ${spool.evictedTotal} so far${spool.evictedNotYetReported ? `, ${spool.evictedNotYetReported} not yet reported` : ''}`,
    `Policy:           ${policy.source}${policy.fetchedAt ? ` (fetched ${policy.fetchedAt})` : ''}, cron "${policy.cron}"`,
    `Collector:        ${
      !collector.checked
        ? 'not checked (not enrolled)'
        : collector.reachable
          ? `reachable (${collector.latencyMs} ms)`
          : `UNREACHABLE: ${collector.error}`
    }`,
  ];
  return lines.join('\n');
}

function severitySummary(lastScan: LastScan): string {
  const parts = Object.entries(lastScan.bySeverity).map(([severity, count]) => `${count} ${severity}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
