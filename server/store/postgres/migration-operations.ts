// Schema version 2 (PostgreSQL): the same logical change as the SQLite one. Alerts gain a type,
// several devices, reasons, a score, an assignee and a resolution, agent_id becomes nullable;
// new: alert notes, the audit log and suppression rules.
import type { Migration } from './migrations.js';

export const OPERATIONS_MIGRATION: Migration = {
  version: 2,
  name: 'alert lifecycle, audit log, suppressions',
  sql: `
    ALTER TABLE alerts
      ALTER COLUMN agent_id DROP NOT NULL,
      ADD COLUMN type text,
      ADD COLUMN agent_ids json,
      ADD COLUMN score double precision,
      ADD COLUMN reasons json,
      ADD COLUMN assignee text,
      ADD COLUMN resolution text CHECK (resolution IN ('true_positive', 'false_positive', 'benign')),
      ADD COLUMN acknowledged_at timestamptz,
      ADD COLUMN resolved_at timestamptz;
    UPDATE alerts SET
      type = CASE
        WHEN signal IN ('remote_access.process_running', 'remote_access.session_active', 'remote_access.service_listening') THEN 'remote_control'
        WHEN signal = 'agent_health.silent' THEN 'agent_silent'
        WHEN signal = 'agent_health.clone' THEN 'agent_clone'
        WHEN category = 'ip_kvm' THEN 'ip_kvm'
        WHEN category = 'location' THEN 'location_implausible'
        WHEN category = 'co_location' THEN 'farm_suspected'
        ELSE 'policy_violation'
      END,
      agent_ids = json_build_array(agent_id),
      score = CASE severity WHEN 'critical' THEN 90 WHEN 'high' THEN 70 WHEN 'medium' THEN 40 WHEN 'low' THEN 20 ELSE 5 END,
      reasons = json_build_array(summary);
    ALTER TABLE alerts
      ALTER COLUMN type SET NOT NULL,
      ALTER COLUMN agent_ids SET NOT NULL,
      ALTER COLUMN score SET NOT NULL,
      ALTER COLUMN reasons SET NOT NULL;
    CREATE INDEX alerts_type_last_seen ON alerts (type, last_seen);

    CREATE TABLE alert_notes (
      id text COLLATE "C" PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      alert_id text COLLATE "C" NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      author json NOT NULL,
      text text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX alert_notes_alert ON alert_notes (alert_id, created_at, seq);

    CREATE TABLE audit_log (
      id text COLLATE "C" PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      at timestamptz NOT NULL,
      actor json NOT NULL,
      actor_token_id text COLLATE "C",
      action text COLLATE "C" NOT NULL,
      target_type text COLLATE "C" NOT NULL,
      target_id text COLLATE "C",
      before json,
      after json
    );
    CREATE INDEX audit_log_at ON audit_log (at, seq);
    CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

    CREATE TABLE suppressions (
      id text COLLATE "C" PRIMARY KEY,
      agent_id text COLLATE "C",
      employee_id text COLLATE "C",
      signal text COLLATE "C",
      tool text,
      network text,
      reason text,
      created_at timestamptz NOT NULL,
      created_by json NOT NULL,
      expires_at timestamptz,
      suppressed_count integer NOT NULL DEFAULT 0,
      last_suppressed_at timestamptz
    );
  `,
};
