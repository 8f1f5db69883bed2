INSERT INTO audit_logs (id, workspace_id, actor_id, action, subject, subject_id, status, request_id, ip, changes, created_at)
VALUES ($2, $1, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
