// The storage contract for a device's timeline: its stored reports, newest first, each with the
// findings it carried (without evidence), for the console's device page.
import type { Severity } from '../../shared/index.js';
import type { Page, PageQuery } from './store.js';

export interface TimelineFinding {
  signal: string;
  severity: Severity;
  subject: string;
  summary: string;
}

export interface TimelineReport {
  reportId: string;
  receivedAt: string;
  scannedAt: string;
  findings: TimelineFinding[];
}

export interface TimelineStore {
  /** The agent's reports by received time, newest first; ties: stored last first. */
  deviceTimeline(agentId: string, query: PageQuery): Promise<Page<TimelineReport>>;
}
