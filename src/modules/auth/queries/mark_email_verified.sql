-- The account's owner proved control of its address ($2: when), signed in as it.
UPDATE users SET email_verified_at = $2, updated_at = $2
WHERE id = $1 AND email_verified_at IS NULL AND deleted_at IS NULL
RETURNING id, email, name, email_verified_at, created_at
