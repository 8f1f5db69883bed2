-- Live deals per stage in one currency ($2) of the workspace ($1).
SELECT stage, count(*) AS deals, coalesce(sum(amount_cents), 0) AS amount_cents
FROM deals
WHERE workspace_id = $1 AND deleted_at IS NULL AND currency = $2
GROUP BY stage
