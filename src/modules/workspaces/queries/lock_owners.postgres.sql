-- The Owners of the workspace, locked so that two concurrent demotions cannot both see two.
SELECT id FROM memberships
WHERE workspace_id = $1 AND role = 'Owner' AND deleted_at IS NULL
FOR UPDATE
