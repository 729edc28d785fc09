// MetricsStore on better-sqlite3.
import type { Database } from 'better-sqlite3';

export function countSilentAgents(db: Database, cutoff: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM agents WHERE COALESCE(last_seen_at, enrolled_at) < ?').get(cutoff) as { n: number }).n;
}
