SELECT id, email, name, created_at
FROM users
WHERE id = $1 AND deleted_at IS NULL
