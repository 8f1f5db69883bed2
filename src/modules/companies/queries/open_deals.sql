-- Open deals of each company of the page, per currency (the service puts their placeholders in IN),
-- each company's largest amount first and ties by currency name, as view.sql picks them. The
-- amount is summed in two parts that cannot overflow, added back (common/presenters/money.hpp).
SELECT company_id, currency, count(*) AS deals,
       sum(amount_cents / 1000000000) * 1000000000 + sum(amount_cents % 1000000000) AS amount_cents
FROM deals
WHERE workspace_id = $1 AND deleted_at IS NULL AND stage NOT IN ('Won', 'Lost') AND company_id IN ({ids})
  AND {deal_readable}
GROUP BY company_id, currency
ORDER BY company_id, amount_cents DESC, currency
