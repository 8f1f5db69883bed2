-- A user's live memberships, oldest first (login picks the first), with their workspaces.
SELECT w.id, w.name, w.plan, w.created_at, w.updated_at, m.role, m.created_at AS joined_at
FROM memberships m
JOIN workspaces w ON w.id = m.workspace_id
WHERE m.user_id = $1 AND m.deleted_at IS NULL AND w.deleted_at IS NULL
