-- PostgreSQL puts row-level security on the account tables here; SQLite has none (one process
-- owns the file). Kept so both engines count the same migrations.
SELECT 1;
