// Schema version 7 (PostgreSQL): alert outputs, their delivery queue (kept after delivery, so a
// redelivered event id is recognised) and the log of every delivery attempt.
import type { Migration } from '../sqlite/migrations.js';

export const OUTPUTS_MIGRATION: Migration = {
  version: 7,
  name: 'alert outputs and deliveries',
  sql: `
    CREATE TABLE outputs (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      enabled BOOLEAN NOT NULL,
      config JSON NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL
    );
    CREATE TABLE deliveries (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      output_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      alert_id TEXT NOT NULL,
      event JSON NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      enqueued_at TIMESTAMPTZ NOT NULL,
      next_attempt_at TIMESTAMPTZ NOT NULL,
      last_error TEXT,
      delivered_at TIMESTAMPTZ,
      UNIQUE (output_id, event_id)
    );
    CREATE INDEX deliveries_pending ON deliveries (output_id, seq) WHERE delivered_at IS NULL;
    CREATE TABLE delivery_attempts (
      seq BIGSERIAL PRIMARY KEY,
      delivery_id TEXT NOT NULL,
      output_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      alert_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      ok BOOLEAN NOT NULL,
      status INTEGER,
      error TEXT,
      duration_ms INTEGER NOT NULL,
      at TIMESTAMPTZ NOT NULL,
      next_attempt_at TIMESTAMPTZ
    );
    CREATE INDEX delivery_attempts_output ON delivery_attempts (output_id, seq);
  `,
};
