-- A running job asked to stop (POST /jobs/:id/cancel on an Active job): its worker sees this on
-- its next lease renewal, signals the handler, and records the job Cancelled when it stops.
ALTER TABLE jobs ADD COLUMN cancel_requested_at timestamptz;
