-- A running job asked to stop (see the PostgreSQL migration of the same number).
ALTER TABLE jobs ADD COLUMN cancel_requested_at TEXT;
