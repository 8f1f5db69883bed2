SELECT m.id
FROM memberships m
JOIN users u ON u.id = m.user_id
WHERE m.workspace_id = $1 AND u.email = $2 AND m.deleted_at IS NULL AND u.deleted_at IS NULL
