-- Live deals per stage in one currency ($2) of the workspace ($1). The amount is summed in two
-- parts that cannot overflow, added back (common/presenters/money.hpp: money_sum reads it).
SELECT stage, count(*) AS deals,
       coalesce(sum(amount_cents / 1000000000) * 1000000000 + sum(amount_cents % 1000000000), 0) AS amount_cents
FROM deals
WHERE workspace_id = $1 AND deleted_at IS NULL AND currency = $2
GROUP BY stage
