-- The days in [$1, $2), about to be summed again from their hours.
DELETE FROM audit_rollups_daily WHERE bucket >= $1 AND bucket < $2
