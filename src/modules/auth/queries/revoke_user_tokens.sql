-- Every live token of a user: one per family, since rotation revokes the parent.
UPDATE refresh_tokens SET revoked_at = $2, updated_at = $2
WHERE user_id = $1 AND revoked_at IS NULL
