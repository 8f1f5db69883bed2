INSERT INTO users (id, email, name, password_hash, created_at, updated_at, created_by, updated_by)
VALUES ($1, $2, $3, $4, $5, $5, $1, $1)
RETURNING id, email, name, created_at
