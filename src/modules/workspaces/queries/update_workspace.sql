UPDATE workspaces
SET name = COALESCE($2, name), plan = COALESCE($3, plan), updated_at = $4, updated_by = $5
WHERE id = $1 AND deleted_at IS NULL
RETURNING id, name, plan, created_at, updated_at
