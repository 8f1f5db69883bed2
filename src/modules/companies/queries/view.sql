-- One company of the workspace ($1) by id ($2) with everything its view shows, in one statement:
-- the owner's summary, the counts, the pipeline value (the currency holding most of the open
-- amount; on a tie the first currency by name) and the newest live activity. Scalar subqueries
-- only: a derived table would be materialised, a temporary table per execution on SQLite.
SELECT c.id, c.name, c.domain, c.industry, c.employee_range, c.status, c.owner_id, c.created_at, c.updated_at,
       (SELECT u.name FROM users u WHERE u.id = c.owner_id AND u.deleted_at IS NULL) AS owner_name,
       (SELECT u.email FROM users u WHERE u.id = c.owner_id AND u.deleted_at IS NULL) AS owner_email,
       (SELECT count(*) FROM contacts k
        WHERE k.workspace_id = $1 AND k.company_id = $2 AND k.deleted_at IS NULL) AS contacts_count,
       (SELECT count(*) FROM deals d
        WHERE d.workspace_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL
          AND d.stage NOT IN ('Won', 'Lost')) AS open_deals_count,
       (SELECT d.currency FROM deals d
        WHERE d.workspace_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL AND d.stage NOT IN ('Won', 'Lost')
        GROUP BY d.currency ORDER BY sum(d.amount_cents) DESC, d.currency LIMIT 1) AS pipeline_currency,
       (SELECT sum(d.amount_cents) FROM deals d
        WHERE d.workspace_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL AND d.stage NOT IN ('Won', 'Lost')
        GROUP BY d.currency ORDER BY 1 DESC LIMIT 1) AS pipeline_cents,
       (SELECT a.kind FROM activities a WHERE a.workspace_id = $1 AND a.company_id = $2 AND a.deleted_at IS NULL
        ORDER BY a.at DESC, a.id DESC LIMIT 1) AS last_activity_kind,
       (SELECT a.at FROM activities a WHERE a.workspace_id = $1 AND a.company_id = $2 AND a.deleted_at IS NULL
        ORDER BY a.at DESC, a.id DESC LIMIT 1) AS last_activity_at
FROM companies c
WHERE c.workspace_id = $1 AND c.id = $2 AND c.deleted_at IS NULL
