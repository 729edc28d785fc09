// Schema version 7 (SQLite): alert outputs, their delivery queue (kept after delivery, so a
// redelivered event id is recognised) and the log of every delivery attempt.
import type { Migration } from './migrations.js';

export const OUTPUTS_MIGRATION: Migration = {
  version: 7,
  name: 'alert outputs and deliveries',
  sql: `
    CREATE TABLE outputs (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      enabled INTEGER NOT NULL,
      config TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      output_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      alert_id TEXT NOT NULL,
      event TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      enqueued_at TEXT NOT NULL,
      next_attempt_at TEXT NOT NULL,
      last_error TEXT,
      delivered_at TEXT,
      UNIQUE (output_id, event_id)
    );
    CREATE INDEX deliveries_pending ON deliveries (output_id, seq) WHERE delivered_at IS NULL;
    CREATE TABLE delivery_attempts (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      delivery_id TEXT NOT NULL,
      output_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      alert_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      ok INTEGER NOT NULL,
      status INTEGER,
      error TEXT,
      duration_ms INTEGER NOT NULL,
      at TEXT NOT NULL,
      next_attempt_at TEXT
    );
    CREATE INDEX delivery_attempts_output ON delivery_attempts (output_id, seq);
  `,
};
