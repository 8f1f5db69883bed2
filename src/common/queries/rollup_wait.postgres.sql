-- Whether every transaction that began before xid $1 has ended (the cluster's oldest running
-- transaction is younger): none of them can still commit a row below the new watermark unmarked.
SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS done
