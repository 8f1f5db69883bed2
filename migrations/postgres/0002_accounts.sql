-- Accounts: users, their memberships of workspaces, refresh tokens, invitations, and the outbox
-- that carries mail until the queue sends it. Emails are stored lower-cased.
CREATE TABLE users (
  id             text PRIMARY KEY,
  email          text NOT NULL,
  name           text NOT NULL,
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  created_by     text,
  updated_by     text
);
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;

CREATE TABLE memberships (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  user_id       text NOT NULL REFERENCES users (id),
  role          text NOT NULL CHECK (role IN ('Owner', 'Admin', 'Operator', 'Pipeline', 'Viewer')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  created_by    text,
  updated_by    text
);
CREATE UNIQUE INDEX memberships_workspace_user_key ON memberships (workspace_id, user_id) WHERE deleted_at IS NULL;
CREATE INDEX memberships_user_idx ON memberships (user_id) WHERE deleted_at IS NULL;
-- A member sees the rows of the current workspace; a user also sees their own memberships
-- (login and the workspace switcher need them before any workspace is chosen).
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_tenant ON memberships
  USING (workspace_id = current_setting('crest.workspace_id', true)
         OR user_id = current_setting('crest.user_id', true))
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true));

CREATE TABLE refresh_tokens (
  id            text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users (id),
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  token_hash    text NOT NULL,
  family_id     text NOT NULL,
  parent_id     text REFERENCES refresh_tokens (id),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  user_agent    text,
  ip            text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  created_by    text,
  updated_by    text
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_live_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

CREATE TABLE invitations (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces (id),
  email         text NOT NULL,
  role          text NOT NULL CHECK (role IN ('Owner', 'Admin', 'Operator', 'Pipeline', 'Viewer')),
  token_hash    text NOT NULL,
  expires_at    timestamptz NOT NULL,
  accepted_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  created_by    text,
  updated_by    text
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id, created_at);
-- Accepting is public: the invitee's token hash (set per transaction) opens that one row.
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON invitations
  USING (workspace_id = current_setting('crest.workspace_id', true)
         OR token_hash = current_setting('crest.invitation_token_hash', true))
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true));

CREATE TABLE outbox (
  id            text PRIMARY KEY,
  workspace_id  text REFERENCES workspaces (id),
  topic         text NOT NULL,
  payload       text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE sent_at IS NULL;
