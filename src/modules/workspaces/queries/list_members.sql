SELECT m.id, u.id AS user_id, u.name, u.email, m.role, m.created_at AS joined_at
FROM memberships m
JOIN users u ON u.id = m.user_id
WHERE m.workspace_id = $1 AND m.deleted_at IS NULL AND u.deleted_at IS NULL
