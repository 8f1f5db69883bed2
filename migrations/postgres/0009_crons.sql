-- Crons (src/core/cron). Each tick is a row, written in the transaction that enqueues the tick's
-- job: however many workers run a schedule, the primary key lets one of them enqueue each tick.
CREATE TABLE cron_ticks (
  schedule    text NOT NULL,
  fire_at     timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (schedule, fire_at)
);
-- Where a schedule's ticks start from: when a worker first ran it (a tick missed before any
-- fired still fires once on recovery).
CREATE TABLE cron_schedules (
  name        text PRIMARY KEY,
  expression  text NOT NULL,
  time_zone   text NOT NULL,
  since       timestamptz NOT NULL
);
