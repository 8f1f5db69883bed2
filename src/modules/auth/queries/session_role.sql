-- The role of an active user ($1) in a live workspace ($2) within a session ($3: the refresh-token
-- family an access token was issued with) that has not ended: logout, logout-all, a reused
-- refresh token and deactivation end it. No row when any of them is gone.
SELECT m.role
FROM memberships m
JOIN users u ON u.id = m.user_id
JOIN workspaces w ON w.id = m.workspace_id
WHERE m.user_id = $1 AND m.workspace_id = $2
  AND m.deleted_at IS NULL AND u.deleted_at IS NULL AND u.deactivated_at IS NULL AND w.deleted_at IS NULL
  AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $3 AND t.user_id = $1 AND t.revoked_at IS NULL)
