-- Entries of the workspace ($1) in [$2, $3): the previous period's total; the service appends the
-- ability's conditions.
SELECT count(*) AS n FROM audit_logs l WHERE l.workspace_id = $1 AND l.created_at >= $2 AND l.created_at < $3
