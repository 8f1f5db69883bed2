UPDATE refresh_tokens SET revoked_at = $3, updated_at = $3
WHERE user_id = $1 AND workspace_id = $2 AND revoked_at IS NULL
