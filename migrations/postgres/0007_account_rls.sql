-- Row-level security on the account tables too, where a tenant reads them (SPEC: "a second
-- wall"). Each policy opens rows by a key the request proved, set with SET LOCAL:
--   crest.workspace_id       the workspace of the access token (or the one being created)
--   crest.user_id            the signed-in user (or the account being created)
--   crest.user_email         an address being signed in with or looked up by the operator's CLI
--   crest.refresh_token_hash the hash of the refresh token presented
-- A query run without them sees none of these rows.

-- Users: oneself; the members and former members of the workspace (their names label what
-- they own and did); the address being signed in with.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_visible ON users
  USING (id = current_setting('crest.user_id', true)
         OR email = current_setting('crest.user_email', true)
         OR EXISTS (SELECT 1 FROM memberships m
                    WHERE m.user_id = users.id AND m.workspace_id = current_setting('crest.workspace_id', true)))
  WITH CHECK (id = current_setting('crest.user_id', true) OR email = current_setting('crest.user_email', true));

-- Workspaces: the current one, and those the signed-in user belongs to (the switcher).
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
CREATE POLICY workspaces_visible ON workspaces
  USING (id = current_setting('crest.workspace_id', true)
         OR EXISTS (SELECT 1 FROM memberships m
                    WHERE m.workspace_id = workspaces.id AND m.user_id = current_setting('crest.user_id', true)
                      AND m.deleted_at IS NULL))
  WITH CHECK (id = current_setting('crest.workspace_id', true));

-- Refresh tokens: the signed-in user's; the one presented; those of the workspace (a member's
-- removal ends their sessions in it).
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY refresh_tokens_owner ON refresh_tokens
  USING (user_id = current_setting('crest.user_id', true)
         OR token_hash = current_setting('crest.refresh_token_hash', true)
         OR workspace_id = current_setting('crest.workspace_id', true))
  WITH CHECK (user_id = current_setting('crest.user_id', true)
              OR workspace_id = current_setting('crest.workspace_id', true));

-- The outbox: a workspace's own mail. (The mail worker reads across workspaces with a setting of
-- its own, added with it.)
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_tenant ON outbox
  USING (workspace_id = current_setting('crest.workspace_id', true))
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true));
