-- Durable jobs (src/core/queue): the same table and rules as on PostgreSQL, through the single
-- writer. A lease token fences every change after a claim.
CREATE TABLE jobs (
  id                TEXT PRIMARY KEY,
  queue             TEXT NOT NULL,
  name              TEXT NOT NULL,
  payload           TEXT NOT NULL,
  workspace_id      TEXT REFERENCES workspaces (id),
  actor_id          TEXT,
  state             TEXT NOT NULL CHECK (state IN ('Queued', 'Delayed', 'Active', 'Completed', 'Failed', 'Cancelled')),
  priority          INTEGER NOT NULL DEFAULT 0,
  run_at            TEXT NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  max_attempts      INTEGER NOT NULL,
  backoff           TEXT NOT NULL,
  timeout_ms        INTEGER NOT NULL,
  dedupe_key        TEXT,
  progress          TEXT,
  result            TEXT,
  error             TEXT,
  lease_token       TEXT,
  lease_expires_at  TEXT,
  created_at        TEXT NOT NULL,
  started_at        TEXT,
  finished_at       TEXT,
  updated_at        TEXT NOT NULL
);
CREATE INDEX jobs_due_idx ON jobs (queue, priority DESC, run_at, id) WHERE state IN ('Queued', 'Delayed');
CREATE INDEX jobs_leases_idx ON jobs (lease_expires_at) WHERE state = 'Active';
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (queue, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND state IN ('Queued', 'Delayed', 'Active');
CREATE INDEX jobs_workspace_idx ON jobs (workspace_id, created_at DESC, id);
CREATE INDEX jobs_finished_idx ON jobs (queue, finished_at) WHERE state IN ('Completed', 'Failed', 'Cancelled');
