-- Jobs done at $1, in one statement ({rows}: ($2, $3, $4, $5), ... = id, lease token, result,
-- '1' to empty its payload). Fenced like complete.sql: only the jobs whose lease still holds
-- change, and only their ids come back.
WITH done (id, token, result, forget) AS (VALUES {rows})
UPDATE jobs
SET state = 'Completed', result = done.result, finished_at = $1, updated_at = $1, lease_token = NULL,
    lease_expires_at = NULL, payload = CASE WHEN done.forget = '1' THEN '{}' ELSE jobs.payload END
FROM done
WHERE jobs.id = done.id AND jobs.lease_token = done.token AND jobs.state = 'Active'
RETURNING jobs.id
