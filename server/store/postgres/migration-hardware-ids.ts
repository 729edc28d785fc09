// Schema version 5 (PostgreSQL): agents by serial, so the clone check after every report
// (findHardwareSiblings) is an index lookup instead of a scan of every agent.
import type { Migration } from '../sqlite/migrations.js';

export const HARDWARE_IDS_MIGRATION: Migration = {
  version: 5,
  name: 'agents by serial',
  sql: 'CREATE INDEX agents_serial ON agents (serial);',
};
