-- Deactivates ($2 a time) or reactivates ($2 null) the live user with this email ($1).
UPDATE users SET deactivated_at = $2, updated_at = coalesce($2, updated_at)
WHERE email = $1 AND deleted_at IS NULL
RETURNING id
