// MetricsStore on PostgreSQL.
import type { Pool } from 'pg';

export async function countSilentAgents(pool: Pool, cutoff: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM agents WHERE COALESCE(last_seen_at, enrolled_at) < $1', [cutoff]);
  return rows[0]!.n;
}
