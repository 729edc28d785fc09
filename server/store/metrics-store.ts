// What GET /metrics reads from the store at scrape time.
export interface MetricsStore {
  /** Agents whose last sign of life (report, or enrolment when they never reported) is older than `cutoff`. */
  countSilentAgents(cutoff: string): Promise<number>;
}
