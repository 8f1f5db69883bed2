UPDATE refresh_tokens SET revoked_at = $2, updated_at = $2
WHERE family_id = $1 AND revoked_at IS NULL
