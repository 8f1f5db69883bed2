-- How many jobs each queue holds in each state (the jobs gauge of /metrics).
SELECT queue, state, count(*) AS n FROM jobs GROUP BY queue, state
