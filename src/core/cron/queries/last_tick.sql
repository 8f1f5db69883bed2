-- The newest tick of schedule $1 any worker enqueued.
SELECT max(fire_at) AS fire_at FROM cron_ticks WHERE schedule = $1
