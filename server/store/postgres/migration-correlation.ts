// Schema version 4 (PostgreSQL): reports in received order, for the correlation's cursor over new reports.
import type { Migration } from '../sqlite/migrations.js';

export const CORRELATION_MIGRATION: Migration = {
  version: 4,
  name: 'reports by received time',
  sql: 'CREATE INDEX reports_received ON reports (received_at, report_id);',
};
