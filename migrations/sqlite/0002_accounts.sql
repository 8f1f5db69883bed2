-- Accounts: users, their memberships of workspaces, refresh tokens, invitations, and the outbox
-- that carries mail until the queue sends it. Emails are stored lower-cased.
CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  email          TEXT NOT NULL,
  name           TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at     TEXT,
  created_by     TEXT,
  updated_by     TEXT
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;

CREATE TABLE memberships (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  user_id       TEXT NOT NULL REFERENCES users (id),
  role          TEXT NOT NULL CHECK (role IN ('Owner', 'Admin', 'Operator', 'Pipeline', 'Viewer')),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at    TEXT,
  created_by    TEXT,
  updated_by    TEXT
);
CREATE UNIQUE INDEX memberships_workspace_user_key ON memberships (workspace_id, user_id) WHERE deleted_at IS NULL;
CREATE INDEX memberships_user_idx ON memberships (user_id) WHERE deleted_at IS NULL;

CREATE TABLE refresh_tokens (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id),
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  token_hash    TEXT NOT NULL,
  family_id     TEXT NOT NULL,
  parent_id     TEXT REFERENCES refresh_tokens (id),
  expires_at    TEXT NOT NULL,
  revoked_at    TEXT,
  user_agent    TEXT,
  ip            TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at    TEXT,
  created_by    TEXT,
  updated_by    TEXT
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_live_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

CREATE TABLE invitations (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
  email         TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('Owner', 'Admin', 'Operator', 'Pipeline', 'Viewer')),
  token_hash    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  accepted_at   TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  deleted_at    TEXT,
  created_by    TEXT,
  updated_by    TEXT
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id, created_at);

CREATE TABLE outbox (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT REFERENCES workspaces (id),
  topic         TEXT NOT NULL,
  payload       TEXT NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  sent_at       TEXT
);
CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE sent_at IS NULL;
