-- A queue's rate limit, shared by every worker: the current window and how many jobs started in
-- it. Claims of a rate-limited queue lock the row (one at a time), take what is left of the
-- window, and record what they took.
CREATE TABLE queue_rate_windows (
  queue         text PRIMARY KEY,
  window_start  timestamptz NOT NULL,
  taken         integer NOT NULL
);
