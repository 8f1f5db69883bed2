-- The newest live activity of each contact of a page (their ids fill the IN list).
SELECT contact_id AS parent_id, kind, at FROM (
  SELECT contact_id, kind, at,
         row_number() OVER (PARTITION BY contact_id ORDER BY at DESC, id DESC) AS newest
  FROM activities
  WHERE workspace_id = $1 AND deleted_at IS NULL AND contact_id IN ({ids})
) ranked
WHERE newest = 1
