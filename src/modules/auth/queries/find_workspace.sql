SELECT id, name, plan, created_at, updated_at
FROM workspaces
WHERE id = $1 AND deleted_at IS NULL
