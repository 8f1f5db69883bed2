-- Tick $2 of schedule $1, claimed at $3 by the transaction that enqueues its job: no row comes
-- back when another worker claimed it first.
INSERT INTO cron_ticks (schedule, fire_at, created_at)
VALUES ($1, $2, $3)
ON CONFLICT (schedule, fire_at) DO NOTHING
RETURNING schedule
