SELECT 1 AS member FROM memberships WHERE workspace_id = $1 AND user_id = $2 AND deleted_at IS NULL
