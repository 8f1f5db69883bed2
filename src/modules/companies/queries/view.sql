-- One company of the workspace ($1) by id ($2) with everything its view shows, in one statement
-- (counting and summing only the deals and contacts the caller may read): the owner's summary,
-- the counts, the pipeline value (the currency holding most of the open amount; on a tie the
-- first currency by name) and the newest live activity. The company by key names the key alone in a
-- LIMIT 1 subquery (common/key_lookup.hpp), which SQLite reads as a co-routine; nothing else is
-- a derived table and nothing is sorted: on SQLite either would build a temporary b-tree per
-- execution. Open deals come from deals_open_idx, in currency order, without reading the table;
-- open_sums is NOT MATERIALIZED for the same reason (a CTE read more than once would be). Its
-- total is summed in two parts that cannot overflow, added back (common/presenters/money.hpp).
WITH open_sums AS NOT MATERIALIZED (
  SELECT d.currency, sum(d.amount_cents / 1000000000) * 1000000000 + sum(d.amount_cents % 1000000000) AS total
  FROM deals d
  WHERE d.workspace_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL AND d.stage NOT IN ('Won', 'Lost')
    AND {deal_readable}
  GROUP BY d.currency)
SELECT c.id, c.name, c.domain, c.industry, c.employee_range, c.status, c.owner_id, c.created_at, c.updated_at,
       u.name AS owner_name, u.email AS owner_email,
       (SELECT count(*) FROM contacts k
        WHERE k.workspace_id = $1 AND k.company_id = $2 AND k.deleted_at IS NULL AND {contact_readable}) AS contacts_count,
       (SELECT count(*) FROM deals d
        WHERE d.workspace_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL
          AND d.stage NOT IN ('Won', 'Lost') AND {deal_readable}) AS open_deals_count,
       (SELECT max(total) FROM open_sums) AS pipeline_cents,
       (SELECT min(currency) FROM open_sums WHERE total = (SELECT max(total) FROM open_sums)) AS pipeline_currency,
       a.kind AS last_activity_kind, a.at AS last_activity_at
FROM (SELECT * FROM companies WHERE id = $2 LIMIT 1) c
LEFT JOIN users u ON u.id = c.owner_id AND u.deleted_at IS NULL
LEFT JOIN activities a ON a.id = (SELECT n.id FROM activities n WHERE n.workspace_id = $1 AND n.company_id = $2
                                  AND n.deleted_at IS NULL ORDER BY n.at DESC, n.id DESC LIMIT 1)
WHERE c.workspace_id = $1 AND c.deleted_at IS NULL
