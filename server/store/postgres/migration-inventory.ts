// Schema version 3 (PostgreSQL): the employee inventory, office networks and report egress.
// Same logical schema as the SQLite migration; types as in migrations.ts (keys COLLATE "C",
// collector times timestamptz, egress json).
import type { Migration } from '../sqlite/migrations.js';

export const INVENTORY_MIGRATION: Migration = {
  version: 3,
  name: 'inventory, offices, egress',
  sql: `
    CREATE TABLE inventory (
      key text COLLATE "C" PRIMARY KEY,
      serial text,
      serial_key text,
      hostname text,
      hostname_key text,
      employee_id text COLLATE "C" NOT NULL,
      employee_name text NOT NULL,
      city text NOT NULL,
      country text NOT NULL,
      latitude double precision,
      longitude double precision,
      work_mode text NOT NULL CHECK (work_mode IN ('remote', 'office')),
      imported_at timestamptz NOT NULL
    );
    CREATE INDEX inventory_serial_key ON inventory (serial_key);
    CREATE INDEX inventory_hostname_key ON inventory (hostname_key);
    CREATE INDEX inventory_employee ON inventory (employee_id, key);

    CREATE TABLE offices (
      id text COLLATE "C" PRIMARY KEY,
      name text COLLATE "C" NOT NULL,
      egress_cidrs json NOT NULL,
      gateway_mac_hashes json NOT NULL,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE report_egress (
      report_id text COLLATE "C" PRIMARY KEY REFERENCES reports (report_id) ON DELETE CASCADE,
      agent_id text COLLATE "C" NOT NULL REFERENCES agents (id),
      received_at timestamptz NOT NULL,
      ip text NOT NULL,
      prefix64 text,
      egress json NOT NULL
    );
    CREATE INDEX report_egress_ip ON report_egress (ip, received_at);
    CREATE INDEX report_egress_prefix ON report_egress (prefix64, received_at);

    CREATE TABLE device_egress (
      agent_id text COLLATE "C" PRIMARY KEY REFERENCES agents (id),
      report_id text COLLATE "C" NOT NULL,
      seen_at timestamptz NOT NULL,
      ip text NOT NULL,
      prefix64 text,
      egress json NOT NULL
    );
    CREATE INDEX device_egress_ip ON device_egress (ip);
    CREATE INDEX device_egress_prefix ON device_egress (prefix64);
  `,
};
