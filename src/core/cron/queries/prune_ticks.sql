-- Ticks fired before $1, but each schedule's newest (where its next tick counts from).
DELETE FROM cron_ticks
WHERE fire_at < $1
  AND fire_at < (SELECT max(newest.fire_at) FROM cron_ticks newest WHERE newest.schedule = cron_ticks.schedule)
