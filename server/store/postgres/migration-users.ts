// Schema version 6 (PostgreSQL): console users (scrypt hashes) and their sign-in sessions (hashed ids).
import type { Migration } from '../sqlite/migrations.js';

export const USERS_MIGRATION: Migration = {
  version: 6,
  name: 'console users and sessions',
  sql: `
    CREATE TABLE users (
      id text COLLATE "C" PRIMARY KEY,
      username text COLLATE "C" NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      last_login_at timestamptz
    );

    CREATE TABLE sessions (
      id_hash text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    CREATE INDEX sessions_expires ON sessions (expires_at);
  `,
};
