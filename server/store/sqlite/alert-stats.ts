// AlertStatsStore on better-sqlite3: one GROUP BY over alerts first seen in the window.
import type { Database } from 'better-sqlite3';
import { alertCountDays, type AlertCount, type AlertStatsStore } from '../alert-stats-store.js';

export function sqliteAlertStats(db: Database): AlertStatsStore {
  return {
    async alertCounts(query) {
      const { from, until } = alertCountDays(query);
      // first_seen is stored as ISO-8601 UTC text, so its first ten characters are the UTC day.
      return db.prepare(`SELECT substr(first_seen, 1, 10) AS day, category, severity, COUNT(*) AS count FROM alerts
          WHERE first_seen >= ? AND first_seen < ? GROUP BY day, category, severity ORDER BY day, category, severity`)
        .all(from, until) as AlertCount[];
    },
  };
}
