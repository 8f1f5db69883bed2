-- Durable jobs (src/core/queue). A job is enqueued inside the transaction of the work that asks
-- for it; workers claim due jobs with FOR UPDATE SKIP LOCKED and hold a lease whose token fences
-- every later change: a worker that lost its lease cannot complete, fail or retry the job.
CREATE TABLE jobs (
  id                text PRIMARY KEY,
  queue             text NOT NULL,
  name              text NOT NULL,
  payload           text NOT NULL,
  workspace_id      text REFERENCES workspaces (id),
  actor_id          text,
  state             text NOT NULL CHECK (state IN ('Queued', 'Delayed', 'Active', 'Completed', 'Failed', 'Cancelled')),
  priority          integer NOT NULL DEFAULT 0,
  run_at            timestamptz NOT NULL,
  attempts          integer NOT NULL DEFAULT 0,
  max_attempts      integer NOT NULL,
  backoff           text NOT NULL,
  timeout_ms        bigint NOT NULL,
  dedupe_key        text,
  progress          text,
  result            text,
  error             text,
  lease_token       text,
  lease_expires_at  timestamptz,
  created_at        timestamptz NOT NULL,
  started_at        timestamptz,
  finished_at       timestamptz,
  updated_at        timestamptz NOT NULL
);
-- What a claim reads: due jobs of a queue, highest priority first, oldest first.
CREATE INDEX jobs_due_idx ON jobs (queue, priority DESC, run_at, id) WHERE state IN ('Queued', 'Delayed');
-- Leases that ran out (their worker died).
CREATE INDEX jobs_leases_idx ON jobs (lease_expires_at) WHERE state = 'Active';
-- A second enqueue with the key of a pending job is a no-op.
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (queue, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND state IN ('Queued', 'Delayed', 'Active');
CREATE INDEX jobs_workspace_idx ON jobs (workspace_id, created_at DESC, id);
CREATE INDEX jobs_finished_idx ON jobs (queue, finished_at) WHERE state IN ('Completed', 'Failed', 'Cancelled');
-- A workspace sees its own jobs; the worker process (crest.queue_worker) sees every job.
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY jobs_tenant ON jobs
  USING (workspace_id = current_setting('crest.workspace_id', true)
         OR current_setting('crest.queue_worker', true) = 'on')
  WITH CHECK (workspace_id = current_setting('crest.workspace_id', true)
              OR current_setting('crest.queue_worker', true) = 'on');
