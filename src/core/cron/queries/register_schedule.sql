-- Schedule $1 ($2 in zone $3) as a worker starts it: its ticks count from $4 the first time.
INSERT INTO cron_schedules (name, expression, time_zone, since)
VALUES ($1, $2, $3, $4)
ON CONFLICT (name) DO UPDATE SET expression = excluded.expression, time_zone = excluded.time_zone
RETURNING since
