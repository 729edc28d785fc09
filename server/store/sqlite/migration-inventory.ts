// Schema version 3 (SQLite): the employee inventory, office networks and report egress.
import type { Migration } from './migrations.js';

export const INVENTORY_MIGRATION: Migration = {
  version: 3,
  name: 'inventory, offices, egress',
  sql: `
    CREATE TABLE inventory (
      key TEXT PRIMARY KEY,
      serial TEXT,
      serial_key TEXT,
      hostname TEXT,
      hostname_key TEXT,
      employee_id TEXT NOT NULL,
      employee_name TEXT NOT NULL,
      city TEXT NOT NULL,
      country TEXT NOT NULL,
      latitude REAL,
      longitude REAL,
      work_mode TEXT NOT NULL CHECK (work_mode IN ('remote', 'office')),
      imported_at TEXT NOT NULL
    );
    CREATE INDEX inventory_serial_key ON inventory (serial_key);
    CREATE INDEX inventory_hostname_key ON inventory (hostname_key);
    CREATE INDEX inventory_employee ON inventory (employee_id, key);

    CREATE TABLE offices (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      egress_cidrs TEXT NOT NULL,
      gateway_mac_hashes TEXT NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE report_egress (
      report_id TEXT PRIMARY KEY REFERENCES reports (report_id) ON DELETE CASCADE,
      agent_id TEXT NOT NULL REFERENCES agents (id),
      received_at TEXT NOT NULL,
      ip TEXT NOT NULL,
      prefix64 TEXT,
      egress TEXT NOT NULL
    );
    CREATE INDEX report_egress_ip ON report_egress (ip, received_at);
    CREATE INDEX report_egress_prefix ON report_egress (prefix64, received_at);

    CREATE TABLE device_egress (
      agent_id TEXT PRIMARY KEY REFERENCES agents (id),
      report_id TEXT NOT NULL,
      seen_at TEXT NOT NULL,
      ip TEXT NOT NULL,
      prefix64 TEXT,
      egress TEXT NOT NULL
    );
    CREATE INDEX device_egress_ip ON device_egress (ip);
    CREATE INDEX device_egress_prefix ON device_egress (prefix64);
  `,
};
