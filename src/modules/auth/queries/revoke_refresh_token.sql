-- Revokes one live token; affects no row when it was already used or revoked.
UPDATE refresh_tokens SET revoked_at = $2, updated_at = $2
WHERE id = $1 AND revoked_at IS NULL
