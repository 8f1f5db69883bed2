DELETE FROM rollup_taken
