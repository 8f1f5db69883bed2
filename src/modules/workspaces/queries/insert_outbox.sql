INSERT INTO outbox (id, workspace_id, topic, payload, created_at)
VALUES ($2, $1, $3, $4, $5)
