// Schema version 2 (SQLite): alert lifecycle and operations. Alerts gain a type, several devices,
// reasons, a score, an assignee and a resolution; agent_id becomes nullable (clone and farm alerts
// concern several devices), which SQLite can only do by rebuilding the table. New: alert notes,
// the audit log and suppression rules.
import type { Migration } from './migrations.js';

export const OPERATIONS_MIGRATION: Migration = {
  version: 2,
  name: 'alert lifecycle, audit log, suppressions',
  sql: `
    CREATE TABLE alerts_v2 (
      id TEXT PRIMARY KEY,
      dedup_key TEXT NOT NULL,
      type TEXT NOT NULL,
      agent_id TEXT REFERENCES agents (id),
      agent_ids TEXT NOT NULL,
      signal TEXT NOT NULL,
      category TEXT NOT NULL,
      severity TEXT NOT NULL,
      score REAL NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
      summary TEXT NOT NULL,
      reasons TEXT NOT NULL,
      evidence TEXT NOT NULL,
      first_seen TEXT NOT NULL,
      last_seen TEXT NOT NULL,
      count INTEGER NOT NULL,
      assignee TEXT,
      resolution TEXT CHECK (resolution IN ('true_positive', 'false_positive', 'benign')),
      acknowledged_at TEXT,
      resolved_at TEXT
    );
    INSERT INTO alerts_v2 (id, dedup_key, type, agent_id, agent_ids, signal, category, severity, score, status, summary,
        reasons, evidence, first_seen, last_seen, count)
      SELECT id, dedup_key,
        CASE
          WHEN signal IN ('remote_access.process_running', 'remote_access.session_active', 'remote_access.service_listening') THEN 'remote_control'
          WHEN signal = 'agent_health.silent' THEN 'agent_silent'
          WHEN signal = 'agent_health.clone' THEN 'agent_clone'
          WHEN category = 'ip_kvm' THEN 'ip_kvm'
          WHEN category = 'location' THEN 'location_implausible'
          WHEN category = 'co_location' THEN 'farm_suspected'
          ELSE 'policy_violation'
        END,
        agent_id, json_array(agent_id), signal, category, severity,
        CASE severity WHEN 'critical' THEN 90 WHEN 'high' THEN 70 WHEN 'medium' THEN 40 WHEN 'low' THEN 20 ELSE 5 END,
        status, summary, json_array(summary), evidence, first_seen, last_seen, count
      FROM alerts;
    DROP TABLE alerts;
    ALTER TABLE alerts_v2 RENAME TO alerts;
    CREATE UNIQUE INDEX alerts_active_dedup ON alerts (dedup_key) WHERE status <> 'resolved';
    CREATE INDEX alerts_agent_status ON alerts (agent_id, status);
    CREATE INDEX alerts_last_seen ON alerts (last_seen);
    CREATE INDEX alerts_type_last_seen ON alerts (type, last_seen);

    CREATE TABLE alert_notes (
      id TEXT PRIMARY KEY,
      alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      author TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX alert_notes_alert ON alert_notes (alert_id, created_at);

    CREATE TABLE audit_log (
      id TEXT PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      actor_token_id TEXT,
      action TEXT NOT NULL,
      target_type TEXT NOT NULL,
      target_id TEXT,
      before TEXT,
      after TEXT
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

    CREATE TABLE suppressions (
      id TEXT PRIMARY KEY,
      agent_id TEXT,
      employee_id TEXT,
      signal TEXT,
      tool TEXT,
      network TEXT,
      reason TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      expires_at TEXT,
      suppressed_count INTEGER NOT NULL DEFAULT 0,
      last_suppressed_at TEXT
    );
  `,
};
