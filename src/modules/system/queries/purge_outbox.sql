-- Outbox rows sent before $1, a batch ($2) at a time.
DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < $1 LIMIT $2)
RETURNING workspace_id
