// How recent a device's last scan must be to count as covered. By default the silence threshold
// of server/jobs/expected-interval.ts, so a device is out of SLA exactly when it is `agent_silent`;
// FARMWATCH_COMPLIANCE_SLA_HOURS overrides it.
import type { Policy } from '../../shared/index.js';
import type { ServerConfig } from '../config.js';
import { silentAfterMs } from '../jobs/expected-interval.js';

const HOUR_MS = 3_600_000;

export interface ComplianceSla {
  ms: number;
  /** `config`: FARMWATCH_COMPLIANCE_SLA_HOURS; `policy`: the policy's schedule times the silent-after factor. */
  source: 'config' | 'policy';
}

export function complianceSla(policy: Policy, config: Pick<ServerConfig, 'complianceSlaHours' | 'silentAfterFactor'>): ComplianceSla {
  if (config.complianceSlaHours !== undefined) return { ms: Math.round(config.complianceSlaHours * HOUR_MS), source: 'config' };
  return { ms: silentAfterMs(policy, config.silentAfterFactor), source: 'policy' };
}
