-- Someone proved control of the address of an account nobody had verified ($1): whoever
-- registered it may not have owned it (account pre-hijacking), so it gets the prover's password
-- and name, and counts as verified from now ($4). The caller revokes every session of it.
UPDATE users SET password_hash = $2, name = $3, email_verified_at = $4, updated_at = $4, updated_by = $1
WHERE id = $1 AND email_verified_at IS NULL AND deleted_at IS NULL
RETURNING id, email, name, email_verified_at, created_at
