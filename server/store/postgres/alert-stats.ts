// AlertStatsStore on PostgreSQL: one GROUP BY over alerts first seen in the window.
import type { Pool } from 'pg';
import { alertCountDays, type AlertCount, type AlertStatsStore } from '../alert-stats-store.js';

export function postgresAlertStats(pool: Pool): AlertStatsStore {
  return {
    async alertCounts(query) {
      const { from, until } = alertCountDays(query);
      const { rows } = await pool.query<AlertCount>(
        `SELECT to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, category, severity, COUNT(*)::int AS count FROM alerts
         WHERE first_seen >= $1 AND first_seen < $2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, [from, until]);
      return rows;
    },
  };
}
