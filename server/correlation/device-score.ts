// Scoring one device from its findings. A signal's weight comes from its severity (the finding's,
// which starts at the catalogue's and may have been lowered by policy, e.g. a sanctioned tool),
// unless the policy overrides that signal's weight. Repeats of one signal do not add up; distinct
// signals combine as independent evidence: score = 100 * (1 - prod(1 - w/100)).
import { SIGNALS, type Finding, type Severity } from '../../shared/index.js';

export const SEVERITY_WEIGHT: Record<Severity, number> = { info: 0, low: 5, medium: 15, high: 35, critical: 60 };

/** Default weight per catalogue signal, for display next to a policy's overrides. */
export const DEFAULT_SIGNAL_WEIGHTS: Readonly<Record<string, number>> = Object.fromEntries(
  SIGNALS.map((s) => [s.id, SEVERITY_WEIGHT[s.severity]]),
);

export interface DeviceScoreWeights {
  /** Signal id -> weight 0..100, replacing the severity's weight. */
  signals?: Readonly<Record<string, number>>;
  severities?: Partial<Record<Severity, number>>;
}

export interface DeviceScoreEntry {
  signal: string;
  findings: number;
  weight: number;
}

export interface DeviceScore {
  /** 0..100. */
  score: number;
  /** Plain sentences, heaviest signal first. */
  reasons: string[];
  breakdown: DeviceScoreEntry[];
}

const clampWeight = (w: number) => (Number.isFinite(w) ? Math.min(100, Math.max(0, w)) : 0);

export function scoreDevice(findings: readonly Finding[], weights: DeviceScoreWeights = {}): DeviceScore {
  const severity = { ...SEVERITY_WEIGHT, ...weights.severities };
  const bySignal = new Map<string, { weight: number; findings: Finding[] }>();
  for (const finding of findings) {
    const weight = clampWeight(weights.signals?.[finding.signal] ?? severity[finding.severity]);
    const entry = bySignal.get(finding.signal);
    if (!entry) bySignal.set(finding.signal, { weight, findings: [finding] });
    else {
      entry.weight = Math.max(entry.weight, weight);
      entry.findings.push(finding);
    }
  }
  const entries = [...bySignal.entries()]
    .map(([signal, e]) => ({ signal, weight: e.weight, findings: e.findings }))
    .sort((x, y) => y.weight - x.weight || (x.signal < y.signal ? -1 : 1));
  const missing = entries.reduce((m, e) => m * (1 - e.weight / 100), 1);
  const reasons = entries
    .filter((e) => e.weight > 0)
    .map((e) => {
      const more = e.findings.length > 1 ? ` (and ${e.findings.length - 1} more)` : '';
      return `${e.findings[0]!.summary}${more} [${e.signal}, weight ${e.weight}]`;
    });
  return {
    score: Math.round((1 - missing) * 1000) / 10,
    reasons,
    breakdown: entries.map((e) => ({ signal: e.signal, findings: e.findings.length, weight: e.weight })),
  };
}
