-- Audit entries of the workspace ($1) with the actor's summary; the service appends the filters
-- and the page.
SELECT l.id, l.actor_id, l.action, l.subject, l.subject_id, l.status, l.request_id, l.ip, l.changes,
       l.created_at, u.name AS actor_name, u.email AS actor_email
FROM audit_logs l
LEFT JOIN users u ON u.id = l.actor_id
WHERE l.workspace_id = $1
