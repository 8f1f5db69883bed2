-- Jobs of the workspace ($1); the service appends the filters, the ability filter and the page.
SELECT j.id, j.queue, j.name, j.state, j.priority, j.attempts, j.max_attempts, j.progress, j.result, j.error,
       j.run_at, j.created_at, j.started_at, j.finished_at, j.cancel_requested_at, j.actor_id,
       CASE WHEN j.payload = '{}' THEN 1 ELSE 0 END AS payload_emptied
FROM jobs j
WHERE j.workspace_id = $1
