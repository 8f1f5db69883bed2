-- $6: when the address was proven (an invitation accepted), or null (a registration: unverified).
INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at, created_by, updated_by)
VALUES ($1, $2, $3, $4, $6, $5, $5, $1, $1)
RETURNING id, email, name, email_verified_at, created_at
