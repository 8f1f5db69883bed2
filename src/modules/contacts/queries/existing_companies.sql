-- Which of these company ids are live companies of the workspace ($1).
SELECT id FROM companies WHERE workspace_id = $1 AND deleted_at IS NULL AND id IN ({ids})
