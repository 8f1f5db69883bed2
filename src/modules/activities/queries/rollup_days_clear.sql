-- The days in [$1, $2) of every workspace, about to be counted from the raw rows.
DELETE FROM activity_rollups_daily WHERE bucket >= $1 AND bucket < $2
