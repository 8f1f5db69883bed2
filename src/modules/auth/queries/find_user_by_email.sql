SELECT id, email, name, password_hash, email_verified_at, deactivated_at, created_at
FROM users
WHERE email = $1 AND deleted_at IS NULL
