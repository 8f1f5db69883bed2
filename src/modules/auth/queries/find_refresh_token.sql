SELECT id, user_id, workspace_id, family_id, expires_at, revoked_at, successor_sealed
FROM refresh_tokens
WHERE token_hash = $1
