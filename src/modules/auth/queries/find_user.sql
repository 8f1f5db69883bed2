SELECT id, email, name, email_verified_at, created_at
FROM users
WHERE id = $1 AND deleted_at IS NULL
