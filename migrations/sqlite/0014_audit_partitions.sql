-- Audit retention on SQLite deletes rows older than CREST_AUDIT_RETENTION in small batches
-- (modules/audit/audit_maintenance.cpp); this index finds the oldest without a scan.
CREATE INDEX audit_logs_created_idx ON audit_logs (created_at);
