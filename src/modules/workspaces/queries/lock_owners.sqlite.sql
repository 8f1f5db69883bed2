-- The Owners of the workspace (SQLite's single writer already serialises the check and the change).
SELECT id FROM memberships
WHERE workspace_id = $1 AND role = 'Owner' AND deleted_at IS NULL
