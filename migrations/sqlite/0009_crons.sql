-- Crons (src/core/cron). Each tick is a row, written in the transaction that enqueues the tick's
-- job: however many workers run a schedule, the primary key lets one of them enqueue each tick.
CREATE TABLE cron_ticks (
  schedule    TEXT NOT NULL,
  fire_at     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (schedule, fire_at)
);
-- Where a schedule's ticks start from: when a worker first ran it (a tick missed before any
-- fired still fires once on recovery).
CREATE TABLE cron_schedules (
  name        TEXT PRIMARY KEY,
  expression  TEXT NOT NULL,
  time_zone   TEXT NOT NULL,
  since       TEXT NOT NULL
);
