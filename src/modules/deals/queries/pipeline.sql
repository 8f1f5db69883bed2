-- Live deals per stage in one currency ($2) of the workspace ($1); the service appends the
-- caller's ability filter and GROUP BY d.stage. The amount is summed in two parts that cannot
-- overflow, added back (common/presenters/money.hpp: money_sum reads it).
SELECT d.stage, count(*) AS deals,
       coalesce(sum(d.amount_cents / 1000000000) * 1000000000 + sum(d.amount_cents % 1000000000), 0) AS amount_cents
FROM deals d
WHERE d.workspace_id = $1 AND d.deleted_at IS NULL AND d.currency = $2
