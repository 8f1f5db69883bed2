-- The role of an active user in a live workspace; no row when either or the membership is gone,
-- or the user is deactivated.
SELECT m.role
FROM memberships m
JOIN users u ON u.id = m.user_id
JOIN workspaces w ON w.id = m.workspace_id
WHERE m.user_id = $1 AND m.workspace_id = $2
  AND m.deleted_at IS NULL AND u.deleted_at IS NULL AND u.deactivated_at IS NULL AND w.deleted_at IS NULL
