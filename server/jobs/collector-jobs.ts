// The collector's periodic jobs: silent agents, suppression expiry and retention.
import { signal } from '../../shared/index.js';
import { employeeIdsFor } from '../alerts/employees.js';
import { raiseAlert } from '../alerts/raise.js';
import { dedupKey } from '../alerts/rules.js';
import type { ServerConfig } from '../config.js';
import { currentPolicy } from '../routes/policy.js';
import type { Actor, SilentAgent } from '../store/operations.js';
import type { Store } from '../store/store.js';
import { silentAfterMs } from './expected-interval.js';
import type { Job } from './runner.js';

export const SILENT_SIGNAL = 'agent_health.silent';
const HOUR_MS = 3_600_000;

const system = (job: string): Actor => ({ kind: 'system', job });
const hours = (ms: number) => Math.round((ms / HOUR_MS) * 10) / 10;

/** One agent_silent alert per agent and silence: no report within factor x (cron gap + splay). */
export function silentAgentsJob(store: Store, config: Pick<ServerConfig, 'silentAfterFactor'>): Job {
  return {
    name: 'silent-agents',
    async run(now) {
      const expectedMs = silentAfterMs(await currentPolicy(store), config.silentAfterFactor);
      const silent = await store.findSilentAgents(new Date(now.getTime() - expectedMs).toISOString());
      const seenAt = now.toISOString();
      const suppressions = silent.length ? await store.activeSuppressions(seenAt) : [];
      let raised = 0;
      for (const agent of silent) {
        const serial = suppressions.some((r) => r.employeeId !== null) ? ((await store.getDevice(agent.agentId))?.device.serial ?? null) : null;
        const employeeIds = await employeeIdsFor(store, { agentId: agent.agentId, serial, hostname: agent.hostname }, suppressions);
        const outcome = await raiseAlert(store, silentAlert(agent, now, expectedMs, seenAt), { employeeIds });
        if (outcome.outcome !== 'suppressed') raised++;
      }
      return { silent: silent.length, raised, expectedWithinHours: hours(expectedMs) };
    },
  };
}

function silentAlert(agent: SilentAgent, now: Date, expectedMs: number, seenAt: string) {
  const quietMs = now.getTime() - new Date(agent.lastActivityAt).getTime();
  const since = agent.lastSeenAt === null ? `enrolled at ${agent.lastActivityAt} and has never reported` : `last reported at ${agent.lastSeenAt}`;
  const summary = `${agent.hostname} has been silent for ${hours(quietMs)} h (${since})`;
  return {
    signal: SILENT_SIGNAL,
    dedupKey: dedupKey(agent.agentId, SILENT_SIGNAL),
    agentIds: [agent.agentId],
    summary,
    reasons: [
      `No report for ${hours(quietMs)} h; the policy's schedule expects one within ${hours(expectedMs)} h (longest cron gap plus splay, times the grace factor).`,
      `The agent ${since}.`,
    ],
    evidence: [{
      subject: agent.hostname,
      severity: signal(SILENT_SIGNAL).severity,
      summary,
      evidence: { lastSeenAt: agent.lastSeenAt, lastActivityAt: agent.lastActivityAt, silentHours: hours(quietMs), expectedWithinHours: hours(expectedMs) },
    }],
    seenAt,
  };
}

export function suppressionExpiryJob(store: Store): Job {
  return {
    name: 'suppression-expiry',
    async run(now) {
      const expired = await store.deleteExpiredSuppressions(now.toISOString(), system('suppression-expiry'));
      return { expired: expired.length };
    },
  };
}

/**
 * Deletes reports (and findings) older than the retention. Alerts, their notes and the audit log
 * are kept whatever their age: they are small and they are the record of what was decided.
 */
export function retentionJob(store: Store, config: Pick<ServerConfig, 'retentionDays'>): Job {
  return {
    name: 'retention',
    async run(now) {
      const cutoff = new Date(now.getTime() - config.retentionDays * 24 * HOUR_MS).toISOString();
      const deleted = await store.deleteReportsBefore(cutoff);
      if (deleted > 0) {
        await store.appendAudit({
          at: now.toISOString(), actor: system('retention'), action: 'retention.delete', targetType: 'reports', targetId: null,
          before: { reports: deleted, receivedBefore: cutoff, retentionDays: config.retentionDays }, after: null,
        });
      }
      return { deletedReports: deleted, cutoff };
    },
  };
}

export function collectorJobs(store: Store, config: Pick<ServerConfig, 'silentAfterFactor' | 'retentionDays'>): Job[] {
  return [silentAgentsJob(store, config), suppressionExpiryJob(store), retentionJob(store, config)];
}
