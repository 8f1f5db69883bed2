INSERT INTO refresh_tokens (id, user_id, workspace_id, token_hash, family_id, parent_id, expires_at,
                            user_agent, ip, created_at, updated_at, created_by, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $2, $2)
